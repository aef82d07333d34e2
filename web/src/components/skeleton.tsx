import type { CSSProperties } from 'react';

/** A placeholder of a fixed size while data loads, so nothing moves when it arrives. */
export function Skeleton({
  width,
  height = 12,
  style,
  className,
}: {
  width?: number | string;
  height?: number | string;
  style?: CSSProperties;
  className?: string;
}) {
  return (
    <span
      aria-hidden="true"
      className={`skeleton${className ? ` ${className}` : ''}`}
      style={{ width: width ?? '100%', height, ...style }}
    />
  );
}
