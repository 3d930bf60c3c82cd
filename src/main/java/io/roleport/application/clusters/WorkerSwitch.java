package io.roleport.application.clusters;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets an operator (or a test that plays a crash) pause the scheduled provisioning worker of this
 * instance. Paused, the worker claims nothing; operations stay durable and resume when it runs again.
 */
@ApplicationScoped
public class WorkerSwitch {
  private final AtomicBoolean paused = new AtomicBoolean();

  public void pause() {
    paused.set(true);
  }

  public void resume() {
    paused.set(false);
  }

  public boolean paused() {
    return paused.get();
  }
}
