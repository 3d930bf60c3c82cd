package io.roleport.sim;

/**
 * An AWS error answer: HTTP status, AWS error code and message. Each service renders it in its own protocol
 * (Query XML {@code ErrorResponse}, EC2 {@code Response/Errors}, or REST-JSON with {@code x-amzn-ErrorType}).
 */
final class AwsError extends RuntimeException {

    final int status;
    final String code;

    AwsError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static AwsError accessDenied(String message) {
        return new AwsError(403, "AccessDenied", message);
    }

    static AwsError validation(String message) {
        return new AwsError(400, "ValidationError", message);
    }
}
