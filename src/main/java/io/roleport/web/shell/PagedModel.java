package io.roleport.web.shell;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * A PrimeFaces lazy model over a service's paged query: the table asks for one page, the service cuts it in
 * the database (one page query and one count per request, whatever the number of rows).
 */
public class PagedModel<T> extends LazyDataModel<T> {
  private static final long serialVersionUID = 2L;

  /** Loads one page: (offset, limit) to rows. */
  public interface PageLoader<T> extends java.io.Serializable {
    List<T> load(int offset, int limit);
  }

  /** Counts all rows. */
  public interface Counter extends java.io.Serializable {
    long count();
  }

  /** The row key, for the table's row identity. */
  public interface SerializableKey<T> extends Function<T, String>, java.io.Serializable {}

  private final PageLoader<T> loader;
  private final Counter counter;
  private final SerializableKey<T> key;

  public PagedModel(PageLoader<T> loader, Counter counter, SerializableKey<T> key) {
    this.loader = loader;
    this.counter = counter;
    this.key = key;
  }

  @Override
  public int count(Map<String, FilterMeta> filterBy) {
    return (int) Math.min(Integer.MAX_VALUE, counter.count());
  }

  @Override
  public List<T> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
    return loader.load(first, pageSize);
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
