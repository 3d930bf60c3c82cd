package io.roleport.web.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Audit CSV cells cannot run as spreadsheet formulas (OWASP CSV injection). */
class SafeCsvExporterTest {

  @ParameterizedTest
  @ValueSource(strings = {"=HYPERLINK(\"http://evil.test\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
      "\t=1+1", "\r=1+1"})
  void aCellThatStartsAFormulaIsPrefixedWithAQuote(String cell) {
    assertEquals("'" + cell, SafeCsvExporter.neutralise(cell));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gus", "mapping.added", "Gus", "2026-11-29T02:56:49Z", "333333333333", "a=b", "'quoted", " =x"})
  void anOrdinaryCellIsUnchanged(String cell) {
    assertEquals(cell, SafeCsvExporter.neutralise(cell));
  }

  @Test
  void emptyAndMissingCellsStaySo() {
    assertEquals("", SafeCsvExporter.neutralise(""));
    assertNull(SafeCsvExporter.neutralise(null));
  }
}
