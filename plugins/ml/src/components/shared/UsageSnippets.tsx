import { useState } from 'react';
import { Box, Button } from '@material-ui/core';
import { CodeSnippet } from '@backstage/core-components';

export interface UsageSnippet {
  /** Button label: "SQL", "pandas", "Online (inference)". */
  label: string;
  language: string;
  text: string;
}

/**
 * Copy-paste snippets, one shown at a time: a row of toggle buttons (plain
 * buttons with aria-pressed, lighter than tabs inside a card) over the code.
 */
export function UsageSnippets({ snippets }: { snippets: UsageSnippet[] }) {
  const [index, setIndex] = useState(0);
  if (!snippets.length) return null;
  const shown = snippets[Math.min(index, snippets.length - 1)];
  return (
    <>
      {snippets.length > 1 && (
        <Box
          display="flex"
          style={{ gap: 8 }}
          mt={1}
          role="group"
          aria-label="Snippets"
        >
          {snippets.map((snippet, i) => (
            <Button
              key={snippet.label}
              size="small"
              variant={snippet === shown ? 'contained' : 'outlined'}
              color="primary"
              aria-pressed={snippet === shown}
              // Labels are names as written ("pandas"), not shouted.
              style={{ textTransform: 'none' }}
              onClick={() => setIndex(i)}
            >
              {snippet.label}
            </Button>
          ))}
        </Box>
      )}
      <Box mt={1} data-testid="usage-snippet">
        <CodeSnippet
          text={shown.text}
          language={shown.language}
          showCopyCodeButton
        />
      </Box>
    </>
  );
}
