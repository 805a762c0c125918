package io.sparkscale.s3;

import io.sparkscale.claim.ClaimStore;
import io.sparkscale.claim.ClaimStoreException;
import io.sparkscale.claim.ConditionalWritesUnsupportedException;
import io.sparkscale.claim.StoreAddress;
import io.sparkscale.claim.StoredObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The claim protocol's store on S3 (and S3-compatible stores): conditional PUTs with the SDK's
 * {@code ifNoneMatch("*")} and {@code ifMatch(etag)} (SDK 2.27 and later; this build's 2.57 has both).
 *
 * <p>Answers that mean "someone else got there first" are not errors: 412 PreconditionFailed, 409
 * ConditionalRequestConflict (S3's answer to two conditional writes of one key at once), and for If-Match a
 * 404 (the object is gone). 501 NotImplemented to a conditional header means the store cannot do it at all.
 * Needs s3:ListBucket on the bucket, s3:GetObject, s3:PutObject and s3:DeleteObject on the claims prefix, and
 * s3:DeleteObject on the data prefix for `--complete`.
 */
public final class S3ClaimStore implements ClaimStore, AutoCloseable {

  private static final int PAGE = 1000;

  private final S3Clients clients;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final StoreAddress address;
  private final S3Client client;

  /**
   * @param credentials a fixed provider (tests against s3proxy), or null for the SDK's default chain
   */
  public S3ClaimStore(StoreAddress address, AwsCredentialsProvider credentials) {
    this.address = Objects.requireNonNull(address, "address");
    this.ownsCredentials = credentials == null;
    this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
    this.clients = new S3Clients(S3Settings.defaults(), this.credentials);
    this.client = clients.get(address.endpoint(), address.region(), address.forcePathStyle());
  }

  @Override
  public void list(String prefix, Predicate<StoredObject> each) {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(address.bucket()).maxKeys(PAGE);
    if (!prefix.isEmpty()) {
      request.prefix(prefix);
    }
    String token = null;
    try {
      do {
        ListObjectsV2Response page = client.listObjectsV2(request.continuationToken(token).build());
        for (S3Object object : page.contents()) {
          StoredObject stored = new StoredObject(object.key(), object.size() == null ? 0 : object.size(),
              object.lastModified() == null ? Instant.EPOCH : object.lastModified(), object.eTag());
          if (!each.test(stored)) {
            return;
          }
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException e) {
      throw failed("list " + prefix, e);
    }
  }

  @Override
  public Optional<StoredObject> head(String key) {
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(address.bucket()).key(key));
      return Optional.of(new StoredObject(key, head.contentLength() == null ? 0 : head.contentLength(),
          head.lastModified() == null ? Instant.EPOCH : head.lastModified(), head.eTag()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failed("HEAD " + key, e);
    } catch (SdkException e) {
      throw failed("HEAD " + key, e);
    }
  }

  @Override
  public Optional<Versioned> get(String key) {
    try {
      ResponseBytes<GetObjectResponse> object =
          client.getObjectAsBytes(b -> b.bucket(address.bucket()).key(key));
      return Optional.of(new Versioned(object.asByteArray(), object.response().eTag()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failed("GET " + key, e);
    } catch (SdkException e) {
      throw failed("GET " + key, e);
    }
  }

  @Override
  public Optional<String> putIfAbsent(String key, byte[] body) {
    return conditionalPut(key, body, PutObjectRequest.builder().ifNoneMatch("*"), "If-None-Match: *");
  }

  @Override
  public Optional<String> putIfMatch(String key, String etag, byte[] body) {
    return conditionalPut(key, body, PutObjectRequest.builder().ifMatch(etag), "If-Match");
  }

  private Optional<String> conditionalPut(String key, byte[] body, PutObjectRequest.Builder request, String header) {
    try {
      String etag = client.putObject(
          request.bucket(address.bucket()).key(key).contentType("application/json").build(),
          RequestBody.fromBytes(body)).eTag();
      return Optional.of(etag);
    } catch (S3Exception e) {
      int status = e.statusCode();
      boolean ifMatch = header.equals("If-Match");
      if (status == 412 || status == 409 || ifMatch && status == 404) {
        return Optional.empty();
      }
      if (status == 501) {
        throw new ConditionalWritesUnsupportedException(describe() + " does not implement conditional writes ("
            + header + " on PUT answered " + S3Errors.describe(e, address.endpoint()) + "); claims need a store"
            + " that honours If-None-Match and If-Match on PUT (AWS S3, MinIO, Cloudflare R2, ...)");
      }
      throw failed("PUT " + key + " (" + header + ")", e);
    } catch (SdkException e) {
      throw failed("PUT " + key + " (" + header + ")", e);
    }
  }

  @Override
  public void put(String key, byte[] body, String contentType) {
    try {
      client.putObject(b -> b.bucket(address.bucket()).key(key).contentType(contentType), RequestBody.fromBytes(body));
    } catch (SdkException e) {
      throw failed("PUT " + key, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      client.deleteObject(b -> b.bucket(address.bucket()).key(key));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw failed("DELETE " + key, e);
      }
    } catch (SdkException e) {
      throw failed("DELETE " + key, e);
    }
  }

  @Override
  public String describe() {
    return "s3://" + address.bucket() + (address.endpoint().isEmpty() ? "" : " at " + address.endpoint());
  }

  private ClaimStoreException failed(String what, SdkException e) {
    return new ClaimStoreException(describe() + ": " + what + ": " + S3Errors.describe(e, address.endpoint()), e);
  }

  @Override
  public void close() {
    clients.close();
    if (ownsCredentials) {
      S3Clients.closeOwned(credentials);
    }
  }
}
