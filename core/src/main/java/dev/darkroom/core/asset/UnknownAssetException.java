package dev.darkroom.core.asset;

/** No asset has this id. */
public class UnknownAssetException extends RuntimeException {

  public UnknownAssetException(long assetId) {
    super("No asset with id " + assetId + "; search for it with GET /api/assets?q=…");
  }
}
