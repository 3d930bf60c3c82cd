/** The application shell shared by every page: signed-in user, organization switcher, messages, paging. */
package io.roleport.web.shell;
