/**
 * The Jenkins host of the canary engine: Pipeline steps ({@code canaryDeploy} and the finer steps),
 * the ECS event endpoint, the global configuration and the Canary page of a build. Everything here is
 * plumbing between Jenkins and {@code dev.ecscanary.engine}/{@code dev.ecscanary.aws}: no deployment
 * logic lives in this package.
 */
package dev.ecscanary.jenkins;
