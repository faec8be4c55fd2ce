/**
 * The Microsoft Teams adapter: a Bot Framework bot that feeds the engine's command interpreter and renders its
 * card model as Adaptive Cards, answering proactively through stored conversation references.
 */
package io.cloudsweep.adapters.teams;
