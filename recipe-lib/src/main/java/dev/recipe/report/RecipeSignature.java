package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ed25519 signatures of recipe documents, with the JDK's own implementation: what the seal cannot
 * prove (who rendered the document) a signature does. The signature covers the document's
 * {@code contentSha256}, which commits to its whole canonical content; it is kept beside the
 * document as {@code recipe.json.sig}. Keys are PEM files (PKCS#8 private, X.509 public), the
 * format {@code openssl genpkey -algorithm ed25519} writes, or {@link #newKeyPair}'s.
 */
public final class RecipeSignature {
  public static final String ALGORITHM = "Ed25519";

  private RecipeSignature() {}

  /** The signature file of a recipe document. */
  public static Path signatureFile(Path recipeJson) {
    return recipeJson.resolveSibling(recipeJson.getFileName() + ".sig");
  }

  /** Writes a new key pair as {@code name.key} (owner-only) and {@code name.pub}; returns them. */
  public static Path[] newKeyPair(Path dir, String name) {
    try {
      KeyPair kp = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      Files.createDirectories(dir);
      Path key = dir.resolve(name + ".key");
      Path pub = dir.resolve(name + ".pub");
      if (Files.exists(key) || Files.exists(pub)) {
        throw RecipeException.badInput("refusing to overwrite " + key + " or " + pub);
      }
      Files.writeString(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
      if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
      return new Path[] {key, pub};
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a key pair into " + dir, e);
    }
  }

  /**
   * Signs a sealed document with a private key and writes its signature file. A document whose seal
   * does not hold is refused: signing it would vouch for an edit.
   */
  public static Path sign(Path recipeJson, JsonNode doc, Path privateKeyPem) {
    if (!RecipeJson.sealHolds(doc)) {
      throw RecipeException.badInput(recipeJson + ": its content SHA-256 does not hold (edited after"
          + " rendering); render it again before signing");
    }
    String content = doc.path(RecipeJson.HASH_FIELD).asText();
    try {
      PrivateKey key = KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(readPem(privateKeyPem, "PRIVATE KEY")));
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(content.getBytes(StandardCharsets.UTF_8));
      byte[] sig = s.sign();
      PublicKey pub = publicOf(privateKeyPem, key);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("algorithm", ALGORITHM);
      out.put("signs", "the UTF-8 bytes of contentSha256");
      out.put("contentSha256", content);
      out.put("publicKeySha256", pub == null ? null : Hashing.sha256(pub.getEncoded()));
      out.put("signature", Base64.getEncoder().encodeToString(sig));
      Path target = signatureFile(recipeJson);
      AtomicFiles.writeString(target, Json.toJson(out));
      return target;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw RecipeException.badInput(privateKeyPem + ": not an Ed25519 private key in PEM (PKCS#8): "
          + e.getMessage());
    }
  }

  /** The outcome of checking a signature. */
  public record Check(boolean valid, String message) {}

  /** Checks {@code recipeJson}'s signature file against the document and a public key. */
  public static Check check(Path recipeJson, JsonNode doc, Path publicKeyPem) {
    Path sigFile = signatureFile(recipeJson);
    if (!Files.isRegularFile(sigFile)) {
      return new Check(false, "no signature: " + sigFile + " is missing");
    }
    PublicKey pub;
    try {
      pub = KeyFactory.getInstance(ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(readPem(publicKeyPem, "PUBLIC KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw RecipeException.badInput(publicKeyPem + ": not an Ed25519 public key in PEM: " + e.getMessage());
    }
    JsonNode sig = Json.read(sigFile, JsonNode.class);
    String signed = sig.path("contentSha256").asText();
    String actual = RecipeJson.contentHash(doc);
    if (!signed.equals(actual)) {
      return new Check(false, "signature is for content " + signed + ", the document's content hashes to " + actual);
    }
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(pub);
      s.update(signed.getBytes(StandardCharsets.UTF_8));
      boolean ok = s.verify(Base64.getDecoder().decode(sig.path("signature").asText()));
      return ok ? new Check(true, "valid Ed25519 signature by the key of SHA-256 " + Hashing.sha256(pub.getEncoded()))
          : new Check(false, "INVALID: the signature was not made by this key for this content");
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return new Check(false, "INVALID signature file " + sigFile + ": " + e.getMessage());
    }
  }

  /** The public key beside a private key file ({@code x.key} -> {@code x.pub}), when there. */
  private static PublicKey publicOf(Path privateKeyPem, PrivateKey key) {
    String n = privateKeyPem.getFileName().toString();
    Path pub = privateKeyPem.resolveSibling(n.endsWith(".key") ? n.substring(0, n.length() - 4) + ".pub" : n + ".pub");
    if (!Files.isRegularFile(pub)) {
      return null;
    }
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(readPem(pub, "PUBLIC KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] readPem(Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key " + file, e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int a = text.indexOf(begin);
    int b = text.indexOf(end);
    if (a < 0 || b < a) {
      throw new IllegalArgumentException("no " + begin + " block");
    }
    return Base64.getMimeDecoder().decode(text.substring(a + begin.length(), b));
  }
}
