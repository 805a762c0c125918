package io.sparkscale.sizing;

/** The clouds sparkscale knows node facts for. */
public enum Cloud {
  AWS,
  GCP,
  AZURE
}
