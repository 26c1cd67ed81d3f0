import type { RefObject } from 'react';
import { useEffect, useState } from 'react';

/** The rendered width of an element, following resizes (charts draw at real pixel sizes). */
export const useWidth = (ref: RefObject<HTMLElement | null>, fallback = 720): number => {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    setWidth(element.clientWidth || fallback);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(320, Math.floor(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, fallback]);
  return width;
};
