package io.roleport.web.shell;

import org.primefaces.component.datatable.export.DataTableCSVExporter;

/**
 * PrimeFaces' CSV export with every cell neutralised against formula injection (OWASP "CSV injection"): a
 * cell a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or a carriage return) gets
 * a leading single quote, so it is shown as text. Audit details and names come from people and providers.
 */
public class SafeCsvExporter extends DataTableCSVExporter {

  @Override
  protected String escapeQuotes(String value) {
    return super.escapeQuotes(neutralise(value));
  }

  /** The cell as a spreadsheet shows it as text: a leading single quote before a formula trigger. */
  public static String neutralise(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    char first = value.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
        ? "'" + value : value;
  }
}
