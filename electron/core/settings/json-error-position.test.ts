import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, positionOf } from './json-error-position';

describe('jsonErrorOffset', () => {
  it('answers null for valid JSON of every kind', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"日本語"', '0']) {
      expect(jsonErrorOffset(text)).toBe(null);
    }
  });
  it('points at the first offending character', () => {
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a": 1 "b": 2}')).toBe(8);
    expect(jsonErrorOffset("{'a': 1}")).toBe(1);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
    expect(jsonErrorOffset('{"a": "C:\\path"}')).toBe(10);
  });
  it('turns an offset into a 1-based line and column', () => {
    expect(positionOf('{\r\n  "a": x', 10)).toEqual({ line: 2, column: 8 });
    expect(positionOf('abc', 0)).toEqual({ line: 1, column: 1 });
  });
});
