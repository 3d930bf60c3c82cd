package io.roleport.infrastructure.scheduling;

import io.roleport.application.InstallationProfile;
import io.roleport.application.clusters.ProvisioningWorker;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Stops the provisioning worker when the application stops (SIGTERM): claims nothing more and waits up to
 * {@code roleport.shutdown.grace} for the step in flight, which then releases its lease. The web module is stopped
 * first, while the EJB timer running the step still works; Payara Micro has not always called an EJB's
 * {@code @PreDestroy} on SIGTERM (payara/Payara#4573), so {@link ProvisioningTimer}'s is a second line only.
 */
@WebListener
public class WorkerShutdown implements ServletContextListener {
  @Inject ProvisioningWorker worker;
  @Inject InstallationProfile installation;
  @Inject io.roleport.application.orphans.OrphanWorker orphans;

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    orphans.stop(); // the orphan check claims nothing more; its unit in flight ends or its lease expires
    worker.stop(installation.shutdownGrace());
  }
}
