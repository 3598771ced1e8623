/**
 * The gateway's state, one small interface per kind, each with the implementation one instance uses
 * on its own: {@code Jdbc*} stores on the gateway's database (H2 by default, PostgreSQL when scaled
 * out, one set of Flyway migrations) and {@code InProcess*} stores in memory; the cluster profile
 * swaps the in-process kinds for their Redis implementations ({@code store.redis}, rate limits on
 * Bucket4j's Lettuce backend). Stores never know about HTTP; every store reports itself to detailed health
 * through {@link dev.cortexgateway.store.StateStore}.
 */
package dev.cortexgateway.store;
