// redis-parser (the RESP parser ioredis uses) ships no types.
declare module 'redis-parser' {
  interface RedisParserOptions {
    returnReply(reply: unknown): void;
    returnError(error: Error): void;
    returnFatalError?(error: Error): void;
    returnBuffers?: boolean;
    stringNumbers?: boolean;
  }
  class RedisParser {
    constructor(options: RedisParserOptions);
    execute(data: Buffer): void;
    reset(): void;
  }
  export = RedisParser;
}
