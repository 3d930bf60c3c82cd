package io.roleport.web.shell;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** The exporters the views' {@code p:dataExporter} use: {@code exporter="#{csvExports.safe}"}. */
@Named
@ApplicationScoped
public class CsvExports {
  /** A new exporter for each export (an exporter holds the document it writes). */
  public SafeCsvExporter getSafe() {
    return new SafeCsvExporter();
  }
}
