import { hasUsageObject } from './stream-relay';

describe('hasUsageObject (which relayed OpenAI events must be parsed)', () => {
  it('finds a usage object, whatever the spacing, and ignores usage: null', () => {
    expect(hasUsageObject('{"id":"x","choices":[],"usage":{"prompt_tokens":3}}')).toBe(true);
    expect(hasUsageObject('{"choices":[],"usage": \n\t{"prompt_tokens":3}}')).toBe(true);
    expect(hasUsageObject('{"id":"x","choices":[{"delta":{"content":"hi"}}],"usage":null}')).toBe(false);
    expect(hasUsageObject('{"id":"x","choices":[{"delta":{"content":"hi"}}]}')).toBe(false);
  });

  it('looks past a null usage to a later object (e.g. a nested one)', () => {
    expect(hasUsageObject('{"usage":null,"x_groq":{"usage":{"prompt_tokens":1}}}')).toBe(true);
  });

  it('is not fooled by the word inside content (quotes there are escaped)', () => {
    expect(hasUsageObject('{"choices":[{"delta":{"content":"say \\"usage\\": {no}"}}],"usage":null}')).toBe(false);
  });
});
