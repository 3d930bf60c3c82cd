/** Operator views of the whole installation: the inventory of organizations and accounts, audit across orgs. */
package io.roleport.application.installation;
