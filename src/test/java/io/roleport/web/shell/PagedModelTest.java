package io.roleport.web.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The lazy model behind the paged tables: one count and one page query per render, the page cut by the service. */
class PagedModelTest {
  private final List<String> calls = new ArrayList<>();
  private final PagedModel<String> model = new PagedModel<>((offset, limit) -> {
    calls.add("page " + offset + "+" + limit);
    return IntStream.range(offset, Math.min(offset + limit, 100)).mapToObj(i -> "row-" + i).toList();
  }, () -> {
    calls.add("count");
    return 100;
  }, row -> "key-" + row);

  @Test
  void aRenderCountsOnceAndReadsOnlyThePageShown() {
    assertEquals(List.of("row-40", "row-41", "row-42"), render(40, 3));
    assertEquals(100, model.getRowCount());
    assertEquals(List.of("count", "page 40+3"), calls);
  }

  @Test
  void aRowIsFoundByItsKeyAmongThePageShown() {
    render(0, 3);
    assertEquals("row-2", model.getRowData("key-row-2"));
    assertEquals("key-row-1", model.getRowKey("row-1"));
    assertNull(model.getRowData("key-row-50"), "not on the page shown");
  }

  /** What the data table does when it renders a lazy model: count, then load one page. */
  private List<String> render(int first, int rows) {
    model.setRowCount(model.count(Map.of()));
    List<String> page = model.load(first, rows, Map.of(), Map.of());
    model.setWrappedData(page);
    return page;
  }
}
