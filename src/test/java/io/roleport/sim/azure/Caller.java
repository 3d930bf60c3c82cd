package io.roleport.sim.azure;

/** Who made a call, as far as it is known: the tenant and the app (client) id; for ARM, the token's object id. */
record Caller(String tenantId, String clientId, String objectId) {
}
