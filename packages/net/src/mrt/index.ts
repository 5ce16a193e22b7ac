export {
  AS_TRANS,
  AttributeCode,
  asPathLength,
  decodePathAttributes,
  reconstructAggregator,
  reconstructAsPath,
} from "./attributes";
export { BgpdumpWriter, bgpdumpAsPath, bgpdumpIpv4, bgpdumpIpv6, formatBgpdump } from "./bgpdump-format";
export { ByteCursor } from "./byte-cursor";
export * from "./models";
export {
  decodeRecord,
  type MrtDecoderState,
  MrtParseError,
  type MrtParseOptions,
  MrtStreamDecoder,
  readMrtRecords,
} from "./parser";
