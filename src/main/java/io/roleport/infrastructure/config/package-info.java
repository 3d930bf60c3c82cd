/** Every setting of Roleport, declared in one class with its default and meaning. */
package io.roleport.infrastructure.config;
