import { csvCell, csvHeader } from './usage-csv';

describe('csvCell', () => {
  it('quotes commas, quotes and newlines', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
  });
  it('neutralises spreadsheet formulas and leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(null)).toBe('');
  });
  it('keeps the first columns where they were: later ones are appended', () => {
    expect(csvHeader()).toBe(
      'createdAt,requestId,keyId,model,provider,upstreamModel,endpoint,stream,status,promptTokens,completionTokens,costUsd,latencyMs,ttftMs,error,' +
        'cacheReadTokens,cacheWriteTokens,reasoningTokens,usageSource,cacheSavingsUsd,teamId,userId,keyName\n',
    );
  });
});
