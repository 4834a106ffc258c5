import { Redaction, refsInText } from './Redaction';

const CRM = 'dataset:default/crm-accounts';
const hidden = new Redaction(new Map([[CRM, 'CRM accounts (raw, PII)']]));

describe('refsInText', () => {
  it('finds full entity refs, lower-cased, and no URLs', () => {
    expect(
      refsInText(
        'Reads Dataset:default/CRM-accounts (spec.derivedFrom[0]) from postgresql://warehouse/raw.crm and https://host/a:b/c; owner group:default/team.',
      ),
    ).toEqual([CRM, 'group:default/team']);
  });
});

describe('Redaction', () => {
  it('words a hidden input with the note the check wrote after it', () => {
    expect(
      hidden.text(
        `Classified confidential but reads stricter data: ${CRM} (restricted, spec.derivedFrom[0]).`,
      ),
    ).toBe(
      'Classified confidential but reads stricter data: an asset not visible to you (restricted, spec.derivedFrom[0]).',
    );
  });

  it('counts a run of hidden mentions and keeps visible ones named', () => {
    const two = new Redaction(
      new Map([
        [CRM, undefined],
        ['dataset:default/card-transactions', undefined],
      ]),
    );
    expect(
      two.text(
        `Deprecated inputs: dataset:default/customers (spec.trainedOn[0]), ${CRM} (spec.trainedOn[1]), dataset:default/card-transactions (spec.trainedOn[2]).`,
      ),
    ).toBe(
      'Deprecated inputs: dataset:default/customers (spec.trainedOn[0]), 2 assets not visible to you (spec.trainedOn[1]; spec.trainedOn[2]).',
    );
  });

  it('redacts titles, any case of the ref, and mentions nested in evidence', () => {
    const detail = hidden.text(
      `Failing: restricted-data (Classified internal but reads stricter data: Dataset:Default/CRM-Accounts (restricted, spec.derivedFrom[0]).); owned next to CRM accounts (raw, PII)`,
    );
    expect(detail).toBe(
      'Failing: restricted-data (Classified internal but reads stricter data: an asset not visible to you (restricted, spec.derivedFrom[0]).); owned next to an asset not visible to you',
    );
  });

  it('matches titles as written, so an ordinary word is left alone', () => {
    const titled = new Redaction(
      new Map([['dataset:default/customers', 'Customers']]),
    );
    expect(titled.text('Customers ranks customers.')).toBe(
      'an asset not visible to you ranks customers.',
    );
  });

  it('leaves refs that only start like a hidden one', () => {
    expect(hidden.text(`${CRM}-v2 and ${CRM}.v2 and ${CRM}.`)).toBe(
      `${CRM}-v2 and ${CRM}.v2 and an asset not visible to you.`,
    );
  });

  it('redacts results, fix hints, history, evidence, approvals and audit reasons', () => {
    const health = hidden.health({
      entityRef: 'dataset:default/customers',
      results: [
        {
          checkId: 'restricted-data',
          title: 'Classified like its data',
          status: 'fail',
          severity: 'error',
          message: `reads stricter data: ${CRM} (restricted, spec.derivedFrom[0]).`,
          fixHint: `or stop reading ${CRM} (spec.derivedFrom[0]).`,
          since: '2026-01-01T00:00:00Z',
        },
      ],
      history: [
        {
          checkId: 'restricted-data',
          status: 'fail',
          severity: 'error',
          message: `reads ${CRM}`,
          at: '2026-01-01T00:00:00Z',
        },
      ],
    });
    const certification = hidden.certification({
      entityRef: 'dataset:default/customers',
      level: null,
      evidence: [
        {
          level: 'silver',
          requirement: 'checks',
          met: false,
          detail: `Failing: restricted-data (${CRM})`,
        },
      ],
      approval: {
        by: 'user:default/ada',
        at: '2026-01-01T00:00:00Z',
        reason: `Checked ${CRM}`,
        expiresAt: '2027-01-01T00:00:00Z',
      },
      revoked: {
        by: 'user:default/ada',
        at: '2026-01-02T00:00:00Z',
        reason: 'Reads CRM accounts (raw, PII)',
      },
      levels: [],
      validityDays: 90,
      approvalValidityDays: 365,
      reviewers: [],
    });
    const audit = hidden.audit([
      {
        id: 1,
        entityRef: 'dataset:default/customers',
        action: 'downgraded',
        fromLevel: 'silver',
        toLevel: 'bronze',
        actor: 'system',
        reason: `checks: Failing: restricted-data (${CRM})`,
        at: '2026-01-01T00:00:00Z',
      },
    ]);
    const all = JSON.stringify([health, certification, audit]);
    expect(all).not.toMatch(/crm/i);
    expect(health.results[0].fixHint).toBe(
      'or stop reading an asset not visible to you (spec.derivedFrom[0]).',
    );
    expect(certification.revoked?.reason).toBe(
      'Reads an asset not visible to you',
    );
  });

  it('changes nothing when nothing is hidden', () => {
    const text = `Not in the catalog: ${CRM} (spec.derivedFrom[0]).`;
    expect(Redaction.none.text(text)).toBe(text);
    expect(Redaction.none.isEmpty).toBe(true);
  });
});
