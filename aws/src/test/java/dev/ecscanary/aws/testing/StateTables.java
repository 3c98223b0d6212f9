package dev.ecscanary.aws.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The state table as cfn/setup.yaml defines it, for tests that make one without the setup stack. */
public final class StateTables {

    private StateTables() {
    }

    /** Keys pk + sk, the sparse index of active deployments, and the TTL attribute. */
    public static void create(DynamoDbClient dynamoDb, String tableName) {
        dynamoDb.createTable(b -> b.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("active").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .globalSecondaryIndexes(i -> i.indexName("active")
                        .keySchema(k -> k.attributeName("active").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("phase", "leaseOwner", "leaseExpiresAt", "updatedAt"))));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
    }
}
