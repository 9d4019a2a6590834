package dev.recipe.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListDigestTest {
  @Test
  void isTheSha256OfTheItemsEachFollowedByANewline() {
    ListDigest.Check r = new ListDigest(2).add("train-images-idx3-ubyte#7").add("é").add("x").result();
    assertEquals(3L, r.count());
    assertEquals(Hashing.sha256("train-images-idx3-ubyte#7\né\nx\n"), r.sha256());
    assertEquals(List.of("train-images-idx3-ubyte#7", "é"), r.first());
    assertEquals(Hashing.sha256("2\n0\n1\n"), ListDigest.ofPositions(new int[] {2, 0, 1}, 0).result().sha256());
  }
}
