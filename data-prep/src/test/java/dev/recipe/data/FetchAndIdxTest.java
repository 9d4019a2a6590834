package dev.recipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.spec.DataSpec.RawFile;
import dev.recipe.data.fetch.CommandRunner;
import dev.recipe.data.fetch.Compression;
import dev.recipe.data.fetch.DebianFetcher;
import dev.recipe.data.fetch.FetchedFile;
import dev.recipe.data.fetch.LocalFetcher;
import dev.recipe.data.fetch.RawFetcher;
import dev.recipe.data.raw.IdxReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchAndIdxTest {
  @TempDir Path tmp;

  static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void idxRoundTripPlainAndGzip() throws IOException {
    byte[] data = new byte[2 * 3 * 4];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 9);
    }
    byte[] raw = idx(new int[] {2, 3, 4}, data);
    Files.write(tmp.resolve("plain"), raw);
    Files.write(tmp.resolve("zipped.gz"), gzip(raw));
    for (String name : List.of("plain", "zipped.gz")) {
      try (InputStream in = Compression.openDecompressed(tmp.resolve(name))) {
        IdxReader.IdxArray a = IdxReader.read(in, name);
        assertArrayEquals(new int[] {2, 3, 4}, a.dims());
        assertArrayEquals(data, a.data());
      }
    }
  }

  @Test
  void badIdxNamesTheFile() {
    byte[] bad = idx(new int[] {2}, new byte[] {1, 2});
    bad[0] = 7;
    RecipeException e = assertThrows(RecipeException.class,
        () -> IdxReader.read(new ByteArrayInputStream(bad), "labels-idx1-ubyte"));
    assertTrue(e.getMessage().startsWith("labels-idx1-ubyte: not an IDX file (magic 0x"), e.getMessage());
    assertEquals(2, e.exitCode());
    byte[] shortData = idx(new int[] {5}, new byte[] {1, 2});
    RecipeException t = assertThrows(RecipeException.class,
        () -> IdxReader.read(new ByteArrayInputStream(shortData), "f"));
    assertTrue(t.getMessage().contains("truncated IDX file"), t.getMessage());
  }

  @Test
  void sourcesAreTriedInOrderAndTheServingOneIsRecorded() throws IOException {
    byte[] content = idx(new int[] {3}, new byte[] {0, 1, 2});
    Path second = Files.createDirectories(tmp.resolve("second"));
    Files.write(second.resolve("labels.gz"), gzip(content));
    RawFile spec = new RawFile("train-labels", "labels", Hashing.sha256(content), (long) content.length);
    List<String> warnings = new ArrayList<>();
    RawFetcher f = new RawFetcher(List.of(new LocalFetcher(tmp.resolve("missing")),
        new LocalFetcher(second)), warnings::add);
    FetchedFile got = f.fetch(spec);
    assertEquals(second.resolve("labels.gz"), got.path());
    assertTrue(got.source().startsWith("local:") && got.source().endsWith("second/labels.gz"), got.source());
    assertEquals(Hashing.sha256(content), got.sha256());
    assertTrue(warnings.isEmpty());

    RecipeException none = assertThrows(RecipeException.class, () -> new RawFetcher(
        List.of(new LocalFetcher(tmp.resolve("missing"))), warnings::add).fetch(spec));
    assertTrue(none.getMessage().contains("not found in any source"), none.getMessage());
  }

  @Test
  void shaMismatchShowsBothHashes() throws IOException {
    byte[] content = {1, 2, 3};
    Files.write(tmp.resolve("f"), content);
    String expected = "0".repeat(64);
    RawFetcher f = new RawFetcher(List.of(new LocalFetcher(tmp)), w -> { });
    RecipeException e = assertThrows(RecipeException.class,
        () -> f.fetch(new RawFile("train-images", "f", expected, null)));
    assertTrue(e.getMessage().contains("expected " + expected), e.getMessage());
    assertTrue(e.getMessage().contains("actual " + Hashing.sha256(content)), e.getMessage());
    assertTrue(e.getMessage().startsWith("f from local:"), e.getMessage());
    assertEquals(2, e.exitCode());
  }

  /** A scripted apt-get/dpkg-deb: the first download fails for lack of package lists. */
  private static final class FakeApt implements CommandRunner {
    final List<String> calls = new ArrayList<>();
    final byte[] fsysTar;
    final boolean root;
    boolean updated;

    FakeApt(byte[] fsysTar, boolean root) {
      this.fsysTar = fsysTar;
      this.root = root;
    }

    @Override
    public Result run(List<String> command, Path workDir, Path stdoutFile) {
      String cmd = String.join(" ", command);
      calls.add(cmd);
      try {
        if (cmd.equals("id -u")) {
          return new Result(0, root ? "0\n" : "1000\n");
        }
        if (cmd.equals("apt-get update")) {
          updated = true;
          return new Result(0, "Reading package lists...");
        }
        if (cmd.equals("apt-get download dataset-toy")) {
          if (!updated) {
            return new Result(100, "E: Unable to locate package dataset-toy\n");
          }
          Files.write(workDir.resolve("dataset-toy_1.0-1_all.deb"), new byte[] {1});
          return new Result(0, "Get:1 dataset-toy");
        }
        if (command.get(0).equals("dpkg-deb") && command.get(1).equals("--fsys-tarfile")) {
          Files.write(stdoutFile, fsysTar);
          return new Result(0, "");
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return new Result(127, "unexpected command " + cmd);
    }
  }

  static byte[] tar(String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(content.length);
      t.putArchiveEntry(e);
      t.write(content);
      t.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  @Test
  void debianUpdatesListsOnceWhenRootThenUnpacksSafely() throws IOException {
    byte[] content = idx(new int[] {2}, new byte[] {4, 5});
    byte[] fsys = tar("./usr/share/datasets/toy/labels.gz", gzip(content));
    FakeApt apt = new FakeApt(fsys, true);
    DebianFetcher deb = new DebianFetcher("dataset-toy", "usr/share/datasets/toy", tmp, apt);
    RawFetcher f = new RawFetcher(List.of(new LocalFetcher(tmp.resolve("nope")), deb), w -> { });
    FetchedFile got = f.fetch(new RawFile("train-labels", "labels", Hashing.sha256(content), null));
    assertEquals("debian:dataset-toy_1.0-1_all.deb:/usr/share/datasets/toy/labels.gz", got.source());
    assertEquals(List.of("apt-get download dataset-toy", "id -u", "apt-get update",
        "apt-get download dataset-toy"), apt.calls.subList(0, 4));
    assertTrue(Files.isRegularFile(tmp.resolve("debian/dataset-toy/usr/share/datasets/toy/labels.gz")));
    assertTrue(deb.log().stream().anyMatch(l -> l.contains("running apt-get update once")), deb.log().toString());

    // a second fetcher reuses the unpacked cache without running anything
    FakeApt none = new FakeApt(fsys, true);
    DebianFetcher again = new DebianFetcher("dataset-toy", "usr/share/datasets/toy", tmp, none);
    assertTrue(again.find(new RawFile("train-labels", "labels", null, null)).isPresent());
    assertTrue(none.calls.isEmpty(), none.calls.toString());
  }

  @Test
  void debianWithoutRootDoesNotUpdateAndFallsThrough() throws IOException {
    FakeApt apt = new FakeApt(new byte[0], false);
    DebianFetcher deb = new DebianFetcher("dataset-toy", "usr/share/toy", tmp, apt);
    assertFalse(deb.find(new RawFile("train-labels", "labels", null, null)).isPresent());
    assertFalse(apt.updated);
    assertTrue(deb.lastFailure().contains("Unable to locate package"), deb.lastFailure());
  }

  @Test
  void debianArchiveEscapingItsFolderIsRefused() throws IOException {
    FakeApt apt = new FakeApt(tar("../../evil.gz", new byte[] {1}), true);
    DebianFetcher deb = new DebianFetcher("dataset-toy", "usr/share/toy", tmp, apt);
    RecipeException e = assertThrows(RecipeException.class,
        () -> deb.find(new RawFile("train-labels", "labels", null, null)));
    assertTrue(e.getMessage().contains("would escape its folder"), e.getMessage());
    assertFalse(Files.exists(tmp.getParent().resolve("evil.gz")));
  }
}
