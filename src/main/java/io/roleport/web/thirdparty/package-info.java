/** Backing beans of the third-party area ({@code /tp/{slug}}): its own, plainer pages. */
package io.roleport.web.thirdparty;
