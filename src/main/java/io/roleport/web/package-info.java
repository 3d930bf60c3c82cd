/**
 * The Faces web layer: thin backing beans that mirror the view tree (load, call one service method, show a
 * message by key), the router that maps organization-scoped URLs to views, and error handling.
 */
package io.roleport.web;
