package io.roleport.web.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The lazy model behind the paged tables: a live refresh shows the page again without asking the database. */
class PagedModelTest {
  private final List<String> calls = new ArrayList<>();
  private final PagedModel<String> model = new PagedModel<>((offset, limit) -> {
    calls.add("page " + offset + "+" + limit);
    return IntStream.range(offset, offset + limit).mapToObj(i -> "row-" + i).toList();
  }, () -> {
    calls.add("count");
    return 100;
  }, row -> row);

  @Test
  void aLiveRefreshShowsTheSamePageWithItsUpdatedRowsAndNoQuery() {
    render(0, 3);
    calls.clear();

    model.showAgain(rows -> rows.stream().map(r -> r.equals("row-1") ? "row-1 (now active)" : r).toList());
    List<String> shown = render(0, 3);

    assertEquals(List.of("row-0", "row-1 (now active)", "row-2"), shown);
    assertEquals(List.of(), calls, "neither the page nor the count was read again");
  }

  @Test
  void theNextRenderAfterARefreshAndPagingReadAsUsual() {
    render(0, 3);
    model.showAgain(rows -> rows);
    render(0, 3);
    calls.clear();

    render(0, 3);
    assertEquals(List.of("count", "page 0+3"), calls, "a refresh is shown once");

    model.showAgain(rows -> rows);
    calls.clear();
    render(3, 3);
    assertEquals(List.of("page 3+3"), calls, "another page is read even right after a refresh");
  }

  /** What the data table does when it renders a lazy model: count, then load one page. */
  private List<String> render(int first, int rows) {
    model.setRowCount(model.count(Map.of()));
    List<String> page = model.load(first, rows, Map.of(), Map.of());
    model.setWrappedData(page);
    return page;
  }
}
