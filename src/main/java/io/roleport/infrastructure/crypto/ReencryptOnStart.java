package io.roleport.infrastructure.crypto;

import io.roleport.application.onboarding.SecretReencryption;
import io.roleport.infrastructure.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * The key-rotation command: with {@code roleport.crypto.reencrypt-on-start=true}, after the schema is migrated
 * and before requests are served, every stored secret is sealed again under the current key (see
 * docs/azure.md for the whole procedure).
 */
@Singleton
@Startup
@DependsOn("Migrations")
public class ReencryptOnStart {
  private static final Logger LOG = Logger.getLogger(ReencryptOnStart.class.getName());

  @Inject Settings settings;
  @Inject SecretReencryption reencryption;

  @PostConstruct
  void reencrypt() {
    if (settings.reencryptOnStart() && settings.cryptoKey().isPresent()) {
      int count = reencryption.reencryptAll("roleport-key-rotation");
      LOG.info(() -> count + " stored secrets re-encrypted under key " + settings.cryptoKeyId());
    }
  }
}
