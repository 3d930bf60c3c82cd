/**
 * The operator's orphan check (issue #15): what carries Roleport's tags in the default account and the
 * organizations' own accounts without a live cluster row, and live cluster rows whose cloud cluster is gone; a
 * background scan, its findings, and the confirmed, audited deletion of a resource without a cluster.
 */
package io.roleport.application.orphans;
