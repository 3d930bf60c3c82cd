package io.roleport.sim;

import java.util.Map;

/**
 * An authenticated caller: an IAM user of the seed (long-term {@code AKIA...} key) or an assumed-role session
 * issued by the simulator ({@code ASIA...} key with a session token).
 *
 * @param accountId      the caller's account
 * @param arn            user ARN or {@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION}
 * @param userId         AWS unique id ({@code AIDA...} or {@code AROA...:SESSION})
 * @param roleArn        for a session, the IAM ARN of the assumed role; {@code null} for users
 * @param sourceIdentity the session's SourceIdentity or {@code null}
 * @param sessionTags    the session's tags (empty for users)
 */
record Caller(String accountId, String arn, String userId, String roleArn, String sourceIdentity,
        Map<String, String> sessionTags) {

    /** The ARN a trust policy's {@code Principal.AWS} is matched against. */
    String principalArnForPolicies() {
        return roleArn != null ? roleArn : arn;
    }
}
