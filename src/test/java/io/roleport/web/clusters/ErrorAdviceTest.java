package io.roleport.web.clusters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The cloud errors a failed cluster page explains, by their code as OperationStepper records it ("Code: text"). */
class ErrorAdviceTest {

  @Test
  void knownCloudErrorsGetWhatToDo() {
    assertEquals("cluster.error.accessDenied",
        ErrorAdvice.of("AccessDeniedException: User is not authorized to perform: eks:CreateCluster"));
    assertEquals("cluster.error.accessDenied", ErrorAdvice.of("UnauthorizedOperation: ec2:CreateVpc"));
    assertEquals("cluster.error.limitExceeded", ErrorAdvice.of("VpcLimitExceeded: The maximum number of VPCs"));
    assertEquals("cluster.error.limitExceeded", ErrorAdvice.of("ResourceLimitExceededException: too many clusters"));
    assertEquals("cluster.error.limitExceeded", ErrorAdvice.of("QuotaExceeded: Operation could not be completed"));
    assertEquals("cluster.error.invalidSubnet", ErrorAdvice.of("InvalidSubnetID.NotFound: subnet-1 does not exist"));
    assertEquals("cluster.error.invalidSubnet",
        ErrorAdvice.of("InvalidParameterException: Provided subnets subnet-1 are not in at least two zones"));
    assertEquals("cluster.error.authorizationFailed",
        ErrorAdvice.of("AuthorizationFailed: The client does not have authorization to perform action"));
  }

  @Test
  void anUnknownErrorHasOnlyItsRawText() {
    assertNull(ErrorAdvice.of("InternalFailure: something broke"));
    assertNull(ErrorAdvice.of("InvalidParameterException: kubernetes version 1.99 is not supported"));
    assertNull(ErrorAdvice.of("resource is DELETING while waiting for ACTIVE"));
  }
}
