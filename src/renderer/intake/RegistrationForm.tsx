import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ID_TYPES, OTHER_DOCUMENT_PATTERN, parseResidentId, type IdType } from '../../shared/checks/idNumber.js';
import { normaliseMobile } from '../../shared/checks/phone.js';
import { AppError } from '../../shared/errors.js';
import { normaliseIdDocument, toFieldErrors } from '../../shared/fields.js';
import { intakeFindVisitor, intakeRegister, walkInInput, type WalkIn, type WalkInInput } from '../../shared/intake/contract.js';
import { DEFAULT_ROUTE, PURPOSES, ROUTES, type Purpose, type Route } from '../../shared/intake/zones.js';
import { localDate } from '../../shared/time.js';
import { call } from '../app/api.js';
import { markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useCan, useMe } from '../app/me.js';
import { useAction } from '../app/query.js';
import { ageOn } from './common.js';
import { FORM_NAME, INITIAL, ORDER, SELECTS, filterOption, renderOption, type FieldName, type IdInfo, type Match, type Values, useOptions } from './registrationFields.js';
import { ReturningVisitor } from './ReturningVisitor.js';
import { useCardReading } from './useCardReading.js';

/** The walk-in registration form, built for typing. Calls `onRegistered` with the new walk-in. */
export const RegistrationForm = ({ onRegistered }: { onRegistered: (w: WalkIn) => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useMe();
  const can = useCan();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const register = useAction(intakeRegister);
  const [idInfo, setIdInfo] = useState<IdInfo>(null);
  const [match, setMatch] = useState<Match | null>(null);
  const lookupTimer = useRef<Partial<Record<'idNumber' | 'phone', number>>>({});
  const idType = Form.useWatch('idType', form) ?? 'resident';
  const visitorName = Form.useWatch('visitorName', form);
  const idNumber = Form.useWatch('idNumber', form);
  const phone = Form.useWatch('phone', form);

  const idTypeOptions = useOptions(ID_TYPES, 'intake.idTypes');
  const purposeOptions = useOptions(PURPOSES, 'intake.purposes');
  const routeOptions = useOptions(ROUTES, 'intake.routes');
  const today = () => localDate(new Date(), me.timeZone);

  useEffect(() => {
    const timers = lookupTimer.current;
    return () => {
      for (const id of Object.values(timers)) window.clearTimeout(id);
    };
  }, []);

  const focus = (name: FieldName | 'submit') => {
    if (name === 'submit') document.querySelector<HTMLButtonElement>('[data-testid="walkin-submit"]')?.focus();
    else form.focusField(name);
  };
  const focusNext = (from: FieldName) => {
    let i = ORDER.indexOf(from) + 1;
    // from the name straight to the number: most visitors show a resident ID, and digits typed on
    // into the ID-type list were lost (the type stays a Tab or a click away)
    if (ORDER[i] === 'idType') i += 1;
    if (ORDER[i] === 'idNumber' && form.getFieldValue('idType') === 'none') i += 1;
    focus(ORDER[i] ?? 'submit');
  };

  // ---- returning visitors: looked up once a complete ID or mobile number is typed ----
  const lookup = (via: 'idNumber' | 'phone', value: string) => {
    window.clearTimeout(lookupTimer.current[via]);
    if (!can(intakeFindVisitor)) return;
    lookupTimer.current[via] = window.setTimeout(() => {
      const input = via === 'idNumber' ? { idNumber: value } : { phone: value };
      client
        .fetchQuery({
          queryKey: [intakeFindVisitor.name, input],
          queryFn: () => call(intakeFindVisitor, input),
          staleTime: 60_000,
        })
        .then((found) => {
          const current = form.getFieldValue(via) as string | undefined;
          const still = via === 'idNumber' ? idKey(form.getFieldValue('idType'), current) === value : normaliseMobile(current ?? '') === value;
          if (found && still) applyMatch({ ...found, via });
        })
        .catch(() => undefined);
    }, 350);
  };

  /** Fills what is still empty; a name the desk typed stays, and "use" offers the earlier one. */
  const applyMatch = (found: Match) => {
    const cur = form.getFieldsValue();
    const fill: Partial<Values> = {};
    if (!cur.visitorName?.trim()) fill.visitorName = found.visitorName;
    if (found.via === 'phone' && !cur.idNumber?.trim() && found.idNumber && found.idType !== 'none') {
      fill.idType = found.idType;
      fill.idNumber = found.idNumber;
    }
    if (found.via === 'idNumber' && !cur.phone?.trim() && found.phone) fill.phone = found.phone;
    form.setFieldsValue(fill);
    if (fill.idNumber) checkId(fill.idType ?? cur.idType, fill.idNumber, false);
    setMatch(found);
    // the ID number typed by hand found a returning visitor: name and phone are there, the purpose is next
    const typingId = document.activeElement?.id === `${FORM_NAME}_idNumber`;
    if (found.via === 'idNumber' && typingId && !cur.purpose && (cur.visitorName?.trim() || fill.visitorName)) focus('purpose');
  };

  const takeMatch = () => {
    if (!match) return;
    const fill: Partial<Values> = { visitorName: match.visitorName };
    if (match.idNumber) Object.assign(fill, { idType: match.idType, idNumber: match.idNumber });
    if (match.phone) fill.phone = match.phone;
    form.setFieldsValue(fill);
    form.setFields(Object.keys(fill).map((name) => ({ name: name as FieldName, errors: [] })));
    if (fill.idNumber) checkId(match.idType, fill.idNumber, false);
    if (!form.getFieldValue('purpose')) focus('purpose');
  };

  // ---- the ID number, checked as it is typed ----
  /** The complete, valid number to look up, or null. */
  const idKey = (type: IdType, raw: string | undefined): string | null => {
    const v = (raw ?? '').trim().toUpperCase();
    if (type === 'resident') {
      if (v.length !== 15 && v.length !== 18) return null;
      const r = parseResidentId(v, today());
      return r.ok ? r.value.idNumber : null;
    }
    return type !== 'none' && v.length >= 15 && OTHER_DOCUMENT_PATTERN.test(v) ? v : null;
  };

  /**
   * Checks the ID number as it is typed. At 15 characters a valid legacy number is shown, but an
   * invalid one is most likely an 18-digit number still being typed: its problem waits for the
   * blur (`final`) or the submit.
   */
  const checkId = (type: IdType, raw: string | undefined, andLookup: boolean, final = false) => {
    const v = (raw ?? '').trim().toUpperCase();
    let error: string | null = null;
    let info: IdInfo = null;
    if (type === 'resident' && v !== '') {
      const r = v.length === 15 || v.length === 18 ? parseResidentId(v, today()) : null;
      if (r?.ok) {
        info = {
          kind: 'ok',
          birthDate: r.value.birthDate,
          sex: r.value.sex,
          age: ageOn(r.value.birthDate, today()),
          converted: r.value.convertedFromLegacy ? r.value.idNumber : null,
        };
      } else if (r && (v.length === 18 || final)) error = t(`errors.idNumber.${r.problem}`);
      else if (v.length > 18 || (final && v.length !== 15 && v.length !== 18)) error = t('errors.idNumber.length');
      else if (!/^\d*$/.test(v.slice(0, 17)) || (v.length < 17 && !/^\d*$/.test(v))) error = t('errors.idNumber.characters');
      else info = { kind: 'typing', n: v.length };
    } else if (type !== 'resident' && type !== 'none' && v !== '' && !/^[A-Z0-9-]*$/.test(v)) {
      error = t('errors.idNumber.document');
    }
    setIdInfo(info);
    form.setFields([{ name: 'idNumber', errors: error ? [error] : [] }]);
    const key = idKey(type, v);
    if (andLookup && key) lookup('idNumber', key);
    if (!key && match?.via === 'idNumber') setMatch(null);
  };

  const onValuesChange = (changed: Partial<Values>, all: Values) => {
    for (const name of Object.keys(changed) as FieldName[]) if (name !== 'idNumber') form.setFields([{ name, errors: [] }]);
    if ('purpose' in changed && changed.purpose) form.setFieldValue('route', DEFAULT_ROUTE[changed.purpose]);
    if ('idType' in changed) {
      if (changed.idType === 'none') form.setFieldValue('idNumber', '');
      checkId(all.idType, changed.idType === 'none' ? '' : all.idNumber, true);
    }
    if ('idNumber' in changed) checkId(all.idType, changed.idNumber, true);
    if ('phone' in changed) {
      const raw = (changed.phone ?? '').trim();
      const mobile = normaliseMobile(raw);
      const digits = raw.replace(/\D/g, '');
      const wrong = mobile === null && (digits.length >= 11 || /[^\d\s+()（）-]/.test(raw));
      form.setFields([{ name: 'phone', errors: wrong ? [t(/[^\d\s+()（）-]/.test(raw) ? 'errors.phone.characters' : 'errors.phone.mobile')] : [] }]);
      if (mobile) lookup('phone', mobile);
      else if (match?.via === 'phone') setMatch(null);
    }
  };

  // a card laid on the reader replaces whatever was being typed
  const cardBanner = useCardReading({
    fill: (values, replace) => {
      if (replace) {
        form.resetFields();
        setMatch(null);
      }
      form.setFieldsValue(values);
      if (values.idNumber) checkId('resident', values.idNumber, false);
    },
    focus,
    idNumber,
  });

  // ---- registering ----
  const clear = () => {
    form.resetFields();
    setIdInfo(null);
    setMatch(null);
    focus('visitorName');
  };

  const submit = async () => {
    if (register.isPending) return;
    const v = form.getFieldsValue();
    const input: WalkInInput = {
      visitorName: v.visitorName ?? '',
      idType: v.idType ?? 'resident',
      idNumber: v.idType === 'none' ? null : (v.idNumber ?? ''),
      phone: v.phone ?? '',
      purpose: v.purpose as Purpose,
      route: v.route as Route,
      note: v.note ?? '',
    };
    const parsed = walkInInput.safeParse(input);
    if (!parsed.success) {
      const fields = toFieldErrors(parsed.error).map((f) =>
        f.key === 'invalidOption' && !v[f.field as FieldName] ? { ...f, key: 'required' as const } : f,
      );
      // the ID number is checked after the object's shape: say what is wrong with it in the same round
      const doc = normaliseIdDocument(input.idType ?? 'resident', input.idNumber, today());
      if (!doc.ok && !fields.some((f) => f.field === 'idNumber')) fields.push({ field: 'idNumber', key: doc.key });
      markFieldErrors(form, t, new AppError({ code: 'VALIDATION', key: 'invalid', fields }));
      const first = ORDER.find((name) => fields.some((f) => f.field === name));
      if (first) focus(first);
      return;
    }
    try {
      const created = await register.mutateAsync(input);
      form.resetFields();
      setIdInfo(null);
      setMatch(null);
      onRegistered(created);
      focus('visitorName');
    } catch (error) {
      if (markFieldErrors(form, t, error)) {
        const fields = error instanceof AppError ? (error.fields ?? []) : [];
        const first = ORDER.find((name) => fields.some((f) => f.field === name));
        if (first) focus(first);
      } else message.error(errorText(t, error));
    }
  };

  /** Enter walks the fields (a select's open list takes its Enter first); Ctrl+Enter registers. */
  const onKeyDownCapture = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Escape' && match) {
      setMatch(null);
      return;
    }
    if (e.key === 'u' && e.altKey && match) {
      e.preventDefault();
      takeMatch();
      return;
    }
    if (e.key !== 'Enter') return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      e.stopPropagation();
      void submit();
      return;
    }
    const id = (e.target as HTMLElement).id ?? '';
    const name = id.startsWith(`${FORM_NAME}_`) ? (id.slice(FORM_NAME.length + 1) as FieldName) : null;
    if (!name || !ORDER.includes(name)) return;
    // a select whose list is open takes Enter to pick the option (and then moves on by itself)
    if (SELECTS.has(name) && (e.target as HTMLElement).getAttribute('aria-expanded') === 'true') return;
    if (name === 'note' && e.shiftKey) return;
    e.preventDefault();
    e.stopPropagation();
    if (name === 'note') void submit();
    else focusNext(name);
  };

  const selectProps = (name: FieldName) => ({
    // for a returning visitor everything else is filled (the route follows the purpose): the
    // purpose picked, Enter registers
    onSelect: () => window.setTimeout(() => (name === 'purpose' && match ? focus('submit') : focusNext(name)), 0),
    showSearch: { filterOption: filterOption as never },
    optionRender: renderOption as never,
    'data-testid': `walkin-${name}`,
  });

  // the form differs from the earlier visit: offer to take the earlier details
  const canUse =
    match !== null &&
    ((visitorName ?? '').trim() !== match.visitorName ||
      (match.idNumber !== null && (idNumber ?? '').trim().toUpperCase() !== match.idNumber) ||
      (match.phone !== null && normaliseMobile(phone ?? '') !== match.phone));

  return (
    <div onKeyDownCapture={onKeyDownCapture}>
      <Form<Values>
        form={form}
        name={FORM_NAME}
        layout="vertical"
        initialValues={INITIAL}
        onValuesChange={onValuesChange}
        requiredMark
        autoComplete="off"
        style={{ marginBottom: 0 }}
      >
        {cardBanner}
        <Form.Item name="visitorName" label={t('fields.visitorName')} required style={{ marginBottom: 12 }}>
          <Input autoFocus maxLength={60} data-testid="walkin-visitorName" />
        </Form.Item>
        <Row gutter={8}>
          <Col span={9}>
            <Form.Item name="idType" label={t('fields.idType')} style={{ marginBottom: 12 }}>
              <Select options={idTypeOptions} popupMatchSelectWidth={260} {...selectProps('idType')} />
            </Form.Item>
          </Col>
          <Col span={15}>
            <Form.Item
              name="idNumber"
              label={t('fields.idNumber')}
              required={idType !== 'none'}
              style={{ marginBottom: 12 }}
              extra={
                idType === 'resident' && idInfo ? (
                  <span data-testid="id-info">
                    {idInfo.kind === 'ok' ? (
                      <Typography.Text type="success" style={{ fontSize: 12 }}>
                        {t('intake.desk.idOk', { birthDate: idInfo.birthDate, sex: t(`intake.sex.${idInfo.sex}`), age: idInfo.age })}
                        {idInfo.converted && (
                          <>
                            <br />
                            {t('intake.desk.idLegacy', { idNumber: idInfo.converted })}
                          </>
                        )}
                      </Typography.Text>
                    ) : (
                      <span style={{ fontSize: 12 }}>{t('intake.desk.idTyping', { n: idInfo.n })} / 18</span>
                    )}
                  </span>
                ) : undefined
              }
            >
              <Input
                disabled={idType === 'none'}
                onBlur={(e) => checkId(form.getFieldValue('idType'), e.target.value, false, true)}
                maxLength={30}
                className="masked"
                inputMode={idType === 'resident' ? 'text' : undefined}
                data-testid="walkin-idNumber"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="phone" label={t('fields.phone')} style={{ marginBottom: 12 }}>
          <Input maxLength={20} className="masked" inputMode="tel" data-testid="walkin-phone" />
        </Form.Item>

        {match && <ReturningVisitor match={match} canUse={canUse} onUse={takeMatch} onDismiss={() => setMatch(null)} />}

        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="purpose" label={t('fields.purpose')} required style={{ marginBottom: 12 }}>
              <Select options={purposeOptions} placeholder={t('intake.desk.optionHint')} popupMatchSelectWidth={200} {...selectProps('purpose')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="route" label={t('fields.route')} required style={{ marginBottom: 12 }}>
              <Select options={routeOptions} popupMatchSelectWidth={200} {...selectProps('route')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('fields.note')} style={{ marginBottom: 12 }}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} data-testid="walkin-note" />
        </Form.Item>
        <Flex gap={8} align="center">
          <Button type="primary" size="large" onClick={() => void submit()} loading={register.isPending} data-testid="walkin-submit" style={{ flex: 1 }}>
            {t('intake.desk.submit')}
          </Button>
          <Button size="large" onClick={clear} data-testid="walkin-clear">
            {t('intake.desk.clear')}
          </Button>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t('intake.desk.formHint')}
        </Typography.Paragraph>
      </Form>
    </div>
  );
};
