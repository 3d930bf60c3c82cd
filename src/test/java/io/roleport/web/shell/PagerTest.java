package io.roleport.web.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Issue #13: which page numbers the cluster list's pager links (at most ten, around the page shown). */
class PagerTest {

  @Test
  void fewPagesAreAllLinked() {
    assertArrayEquals(new int[] {1, 3}, Pager.window(1, 3));
    assertArrayEquals(new int[] {1, 3}, Pager.window(3, 3));
    assertArrayEquals(new int[] {1, 10}, Pager.window(7, 10));
  }

  @Test
  void manyPagesShowTenAroundTheCurrentOne() {
    assertArrayEquals(new int[] {1, 10}, Pager.window(1, 500));
    assertArrayEquals(new int[] {1, 10}, Pager.window(6, 500));
    assertArrayEquals(new int[] {2, 11}, Pager.window(7, 500));
    assertArrayEquals(new int[] {245, 254}, Pager.window(250, 500));
  }

  @Test
  void nearTheEndTheLastTenAreLinked() {
    assertArrayEquals(new int[] {491, 500}, Pager.window(500, 500));
    assertArrayEquals(new int[] {491, 500}, Pager.window(497, 500));
  }
}
