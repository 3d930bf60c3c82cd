package io.roleport.sim;

import java.time.Instant;
import java.util.Map;

/**
 * One call seen by the {@link CloudSimulator}, successful or refused.
 *
 * @param at             when the simulator answered (simulator clock)
 * @param service        credential-scope service name: {@code sts}, {@code iam}, {@code ec2}, {@code eks}
 * @param action         the API action, e.g. {@code AssumeRole}, {@code CreateCluster}
 * @param accountId      the caller's account, or {@code null} when the caller could not be authenticated
 * @param principalArn   the caller's ARN (user or assumed-role session), or {@code null}
 * @param sourceIdentity the SourceIdentity the caller's session was created with, or {@code null}
 * @param sessionTags    the session tags the caller's session was created with (empty if none)
 * @param status         the HTTP status answered
 * @param errorCode      the AWS error code answered, or {@code null} on success
 * @param resource       the resource the call names, or {@code null}: the role name (STS assume calls, IAM,
 *                       console sign-in), {@code cluster} or {@code cluster/nodegroup} (EKS), the VPC/subnet id (EC2)
 */
public record JournalEntry(Instant at, String service, String action, String accountId, String principalArn,
        String sourceIdentity, Map<String, String> sessionTags, int status, String errorCode, String resource) {

    public JournalEntry {
        sessionTags = sessionTags == null ? Map.of() : Map.copyOf(sessionTags);
    }

    /** An entry without a resource (the record's shape before {@code resource} was added). */
    public JournalEntry(Instant at, String service, String action, String accountId, String principalArn,
            String sourceIdentity, Map<String, String> sessionTags, int status, String errorCode) {
        this(at, service, action, accountId, principalArn, sourceIdentity, sessionTags, status, errorCode, null);
    }
}
