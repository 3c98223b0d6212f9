/**
 * The ports of the engine: everything outside it (Route53, CloudFormation, ECS, gates, approvals,
 * the state table, time) behind small interfaces. AWS adapters and hosts implement them; the
 * {@code inmemory} package implements them for tests and virtual-time simulations.
 */
package dev.ecscanary.port;
