/**
 * The Microsoft Teams adapter: a Bot Framework bot that feeds the engine's command interpreter and
 * renders its card model as Adaptive Cards. Arrives with the Teams issue.
 */
package io.cloudsweep.adapters.teams;
