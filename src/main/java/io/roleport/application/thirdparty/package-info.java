/**
 * The third-party area: what a third party's own users may see of their organization (its clusters, who
 * manages its account, how to revoke) and nothing of the management plane.
 */
package io.roleport.application.thirdparty;
