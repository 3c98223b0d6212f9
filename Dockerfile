# The ecs-canary command line as a container image: for the watchdog (cfn/watchdog.yaml runs
# `ecs-canary watch` from it as a one-task Fargate service), or any command in a CI job.
#
#   docker build -t ecs-canary .
#   docker run --rm -e AWS_REGION=eu-west-1 ecs-canary watch --table shop-ecs-canary-state --once
#
# Credentials come from the SDK's default chain: in ECS, the task role.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The command line and what it is built from only; the Jenkins plugin and the benchmarks are not needed.
RUN mvn -B -q -Dstyle.color=never -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home ecs-canary
COPY --from=build /src/cli/target/ecs-canary.jar /opt/ecs-canary/ecs-canary.jar
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/ecs-canary/ecs-canary.jar"]
CMD ["--help"]
