package dev.ecscanary.aws;

import dev.ecscanary.aws.CannedAwsAnswers.Answer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/** Route53's REST-XML answers for {@link CannedAwsAnswers}: a weighted alias pair, a change, a refusal. */
final class Route53Answers {

    static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";

    private Route53Answers() {
    }

    /** The real Route53 client, talking to {@code answers} instead of Route53. */
    static Route53Client client(CannedAwsAnswers answers) {
        return Route53Client.builder()
                .region(Region.AWS_GLOBAL)
                .endpointOverride(URI.create("http://route53.canned.test"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .httpClient(answers)
                .build();
    }

    /** shop.example.test as two weighted alias records, {@code blue} and {@code green}. */
    static Answer records(int blue, int green, boolean evaluateTargetHealth) {
        return CannedAwsAnswers.xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListResourceRecordSetsResponse xmlns=\"" + NS + "\"><ResourceRecordSets>"
                + alias("blue", blue, evaluateTargetHealth) + alias("green", green, evaluateTargetHealth)
                + "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems>"
                + "</ListResourceRecordSetsResponse>");
    }

    /** A ChangeResourceRecordSets or GetChange answer: the change {@code id} with {@code status}. */
    static Answer change(String response, String id, String status) {
        return CannedAwsAnswers.xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + response + " xmlns=\"" + NS
                + "\"><ChangeInfo><Id>/change/" + id + "</Id><Status>" + status + "</Status>"
                + "<SubmittedAt>2026-12-01T09:00:00.000Z</SubmittedAt></ChangeInfo></" + response + ">");
    }

    static Answer refused(String code, String message) {
        return CannedAwsAnswers.xmlError(400, code, message);
    }

    private static String alias(String side, int weight, boolean evaluateTargetHealth) {
        return "<ResourceRecordSet><Name>shop.example.test.</Name><Type>A</Type><SetIdentifier>" + side
                + "</SetIdentifier><Weight>" + weight + "</Weight><AliasTarget><HostedZoneId>Z35SXDOTRQ7X7K"
                + "</HostedZoneId><DNSName>" + side + "-1.us-east-1.elb.amazonaws.com.</DNSName>"
                + "<EvaluateTargetHealth>" + evaluateTargetHealth + "</EvaluateTargetHealth></AliasTarget>"
                + "</ResourceRecordSet>";
    }
}
