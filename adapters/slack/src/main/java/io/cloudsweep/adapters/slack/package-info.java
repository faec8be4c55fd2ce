/**
 * The Slack adapter: a Bolt {@code App} for {@code /sweep}, interactive finding cards, the reject dialog, App Home
 * and OAuth installs, over the engine's conversation driver, rendering its chat-neutral cards as Block Kit. Split by
 * job: routing ({@code SlackBot}), one channel as the driver's port ({@code SlackConversation}), rendering
 * ({@code BlockKit}, {@code RejectDialog}), the paced Web API ({@code SlackPoster}), installs and admins.
 */
package io.cloudsweep.adapters.slack;
