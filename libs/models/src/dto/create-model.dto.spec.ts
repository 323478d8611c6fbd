import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateModelDto } from './create-model.dto';
import { UpdateModelDto } from './update-model.dto';

const target = { providerId: '00000000-0000-4000-8000-000000000000', upstreamModel: 'x' };
const base = { name: 'm', targets: [target], inputPriceUsdPerMTok: 3, outputPriceUsdPerMTok: 15 };

/** Every message the API's validation pipe would answer with. */
const errors = (cls: typeof CreateModelDto | typeof UpdateModelDto, body: object): string[] =>
  validateSync(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );

describe('CreateModelDto extra prices', () => {
  it('accepts every cache and long-context price, or none, or nulls', () => {
    const all = {
      cacheReadPriceUsdPerMTok: 0.3,
      cacheWritePriceUsdPerMTok: 3.75,
      cacheWrite1hPriceUsdPerMTok: 6,
      longContextThresholdTokens: 200_000,
      longContextInputPriceUsdPerMTok: 6,
      longContextOutputPriceUsdPerMTok: 22.5,
    };
    expect(errors(CreateModelDto, { ...base, ...all })).toEqual([]);
    expect(errors(CreateModelDto, base)).toEqual([]);
    expect(errors(CreateModelDto, { ...base, ...Object.fromEntries(Object.keys(all).map((k) => [k, null])) })).toEqual([]);
  });

  it.each([
    ['cacheReadPriceUsdPerMTok', -1],
    ['cacheWritePriceUsdPerMTok', 'NaN'],
    ['cacheWrite1hPriceUsdPerMTok', '3'],
    ['longContextInputPriceUsdPerMTok', 0.1234567],
    ['longContextOutputPriceUsdPerMTok', 100_001],
  ])('refuses %s = %p with a message naming it', (field, value) => {
    const message = `${field} must be a dollar amount from 0 to 100000 with at most 6 decimals`;
    expect(errors(CreateModelDto, { ...base, [field]: value })).toEqual([message]);
  });

  it.each([0, -5, 1.5, '1000', 2_000_000_000])('refuses a threshold of %p', (value) => {
    expect(errors(UpdateModelDto, { longContextThresholdTokens: value })).toEqual([
      'longContextThresholdTokens must be a whole number of tokens from 1 to 1000000000',
    ]);
  });
});
