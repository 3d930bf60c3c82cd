package io.roleport.application.installation;

/**
 * The order of the all-clusters list: one of a fixed set of columns (never a column name from the request), then the
 * cluster id in the same direction so that pages never overlap. The default, newest first, is read in index order.
 */
public record ClusterSort(Column column, boolean ascending) implements java.io.Serializable {
  /** The columns an operator may sort by. */
  public enum Column { CREATED, NAME, STATUS, ORGANIZATION, ACCOUNT }

  public static final ClusterSort NEWEST_FIRST = new ClusterSort(Column.CREATED, false);

  /** The sort for a table column's field name; unknown names sort newest first. */
  public static ClusterSort of(String field, boolean ascending) {
    if (field == null) {
      return NEWEST_FIRST;
    }
    return switch (field) {
      case "createdAt" -> new ClusterSort(Column.CREATED, ascending);
      case "name" -> new ClusterSort(Column.NAME, ascending);
      case "status" -> new ClusterSort(Column.STATUS, ascending);
      case "orgName" -> new ClusterSort(Column.ORGANIZATION, ascending);
      case "account" -> new ClusterSort(Column.ACCOUNT, ascending);
      default -> NEWEST_FIRST;
    };
  }
}
