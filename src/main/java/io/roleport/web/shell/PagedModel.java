package io.roleport.web.shell;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * A PrimeFaces lazy model over a service's paged query: the table asks for one page, the service cuts it in
 * the database (one page query and one count per request, whatever the number of rows). A live refresh shows the
 * same page again with only its changing rows re-read ({@link #showAgain}).
 */
public class PagedModel<T> extends LazyDataModel<T> {
  private static final long serialVersionUID = 1L;

  /** Loads one page: (offset, limit) to rows. */
  public interface PageLoader<T> extends java.io.Serializable {
    List<T> load(int offset, int limit);
  }

  /** Counts all rows. */
  public interface Counter extends java.io.Serializable {
    long count();
  }

  private final PageLoader<T> loader;
  private final Counter counter;
  private final SerializableKey<T> key;

  /** The row key, for the table's row identity. */
  public interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}

  public PagedModel(PageLoader<T> loader, Counter counter, SerializableKey<T> key) {
    this.loader = loader;
    this.counter = counter;
    this.key = key;
  }

  /** The rows and count of the last page shown, and whether the next render shows them again without a query. */
  private List<T> shownRows;
  private long shownCount = -1;
  private boolean reuseRows;
  private boolean reuseCount;
  private int shownFirst;
  private int shownPageSize;

  @Override
  public int count(Map<String, FilterMeta> filterBy) {
    if (!reuseCount || shownCount < 0) {
      shownCount = counter.count();
    }
    reuseCount = false;
    return (int) Math.min(Integer.MAX_VALUE, shownCount);
  }

  @Override
  public List<T> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
    if (!reuseRows || shownRows == null || first != shownFirst || pageSize != shownPageSize) {
      shownRows = loader.load(first, pageSize);
      shownFirst = first;
      shownPageSize = pageSize;
    }
    reuseRows = false;
    return shownRows;
  }

  /**
   * A live refresh: the next render of the table shows the page already shown, with {@code update} applied to its
   * rows (the few that changed, re-read by the caller), and asks the database for neither the page nor the count.
   * Paging or any other request loads as usual.
   */
  public void showAgain(java.util.function.UnaryOperator<List<T>> update) {
    if (shownRows != null) {
      shownRows = List.copyOf(update.apply(shownRows));
      setWrappedData(shownRows);
      reuseRows = true;
      reuseCount = true;
    }
  }

  @Override
  public String getRowKey(T row) {
    return key.apply(row);
  }

  @Override
  public T getRowData(String rowKey) {
    List<T> rows = getWrappedData();
    return rows == null ? null : rows.stream().filter(r -> key.apply(r).equals(rowKey)).findFirst().orElse(null);
  }
}
