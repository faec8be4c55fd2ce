/**
 * The Microsoft Teams adapter: a Bot Framework bot that feeds the engine's conversation driver and renders its cards
 * as Adaptive Cards, answering proactively through stored conversation references. Split by job: routing and
 * verification ({@code TeamsBot}), one conversation as the driver's port ({@code TeamsConversation}), the paced and
 * retried Bot Connector ({@code TeamsConnector}), rendering ({@code AdaptiveCards}, {@code TeamsAnswers}) and
 * outbound tokens ({@code TenantCredentials}).
 */
package io.cloudsweep.adapters.teams;
