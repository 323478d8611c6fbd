import { registerDecorator, ValidationOptions } from 'class-validator';

/** A finite number of US dollars with at most six decimals (whole micro-dollars), in [min, max]. */
export function IsUsdAmount(min: number, max: number, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isUsdAmount',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a dollar amount from ${min} to ${max} with at most 6 decimals`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) return false;
          const micros = value * 1_000_000;
          return Math.abs(micros - Math.round(micros)) < 1e-6 * Math.max(1, Math.abs(micros));
        },
      },
    });
}
