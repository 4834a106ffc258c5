import { ReactNode } from 'react';
import { Typography } from '@material-ui/core';

/** A section's heading inside the card. */
export function Heading({
  id,
  children,
}: {
  id?: string;
  children: ReactNode;
}) {
  return (
    <Typography variant="h6" component="h3" id={id}>
      {children}
    </Typography>
  );
}
