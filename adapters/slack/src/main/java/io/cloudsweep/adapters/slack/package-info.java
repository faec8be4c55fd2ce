/**
 * The Slack adapter: a Bolt {@code App} for {@code /sweep}, interactive finding cards, App Home and
 * OAuth installs, rendering the engine's chat-neutral card model as Block Kit. Arrives with the Slack
 * issue.
 */
package io.cloudsweep.adapters.slack;
