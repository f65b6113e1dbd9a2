import { PrinterOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Result, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AppError } from '../../shared/errors.js';
import { stationContactCard, stationGet, stationUpdate, type StationProfile } from '../../shared/station/contract.js';
import { checkForm, focusFirstError, markFieldErrors } from '../app/formErrors.js';
import { errorText } from '../app/i18n.js';
import { useCan } from '../app/me.js';
import { useAction, useMethod } from '../app/query.js';
import { profileInput, profileValues, StationProfileFields, TIME_ZONES, type ProfileValues } from './StationProfileFields.js';
import { PrinterSettings } from './PrinterSettings.js';
import type { Names } from '../app/resources.js';
import { CardReaderSettings } from '../intake/CardReaderSettings.js';

/** The head edits the profile; the version it was loaded at goes with the save (optimistic lock). */
const ProfileForm = ({ profile, onReload }: { profile: StationProfile; onReload: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProfileValues>();
  const [version, setVersion] = useState(profile.version);
  const [error, setError] = useState<unknown>(null);
  const update = useAction(stationUpdate);

  const submit = async (values: ProfileValues) => {
    if (update.isPending) return;
    setError(null);
    const input = checkForm(form, t, stationUpdate.input, { ...profileInput(values), version });
    if (!input) return;
    try {
      const saved = await update.mutateAsync(input);
      setVersion(saved.version);
      form.setFieldsValue(profileValues(saved));
      void message.success(t('app.saved'));
    } catch (err) {
      if (markFieldErrors(form, t, err)) focusFirstError(form, err);
      else setError(err);
    }
  };

  const stale = error instanceof AppError && error.key === 'staleVersion';
  return (
    <>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorText(t, error)}
          description={stale ? t('station.settings.staleHint') : undefined}
          action={
            stale ? (
              <Button size="small" icon={<ReloadOutlined />} onClick={onReload}>
                {t('station.settings.reload')}
              </Button>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<ProfileValues> form={form} name="stationProfile" layout="vertical" initialValues={profileValues(profile)} onFinish={submit}>
        <StationProfileFields autoFocus />
        <Space>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={update.isPending} data-testid="station-save">
            {t('app.save')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={onReload} htmlType="button">
            {t('station.settings.reload')}
          </Button>
          <Typography.Text type="secondary">{t('station.settings.version', { version })}</Typography.Text>
        </Space>
      </Form>
    </>
  );
};

const ProfileView = ({ profile }: { profile: StationProfile }) => {
  const { t } = useTranslation();
  const none = t('station.settings.none');
  const zone = (TIME_ZONES as readonly string[]).includes(profile.timeZone) ? t(`station.timeZones.${profile.timeZone as Names<'station.timeZones'>}`) : profile.timeZone;
  return (
    <>
      <Alert type="info" showIcon title={t('station.settings.readOnly')} style={{ marginBottom: 16 }} />
      <Descriptions
        bordered
        column={{ xs: 1, md: 2 }}
        size="small"
        items={[
          { key: 'name', label: t('station.profile.name'), children: profile.name, span: 2 },
          { key: 'code', label: t('fields.code'), children: profile.code },
          { key: 'policeArea', label: t('fields.policeArea'), children: profile.policeArea },
          { key: 'community', label: t('fields.community'), children: profile.community },
          { key: 'grid', label: t('fields.grid'), children: profile.grid ?? none },
          { key: 'address', label: t('fields.address'), children: profile.address, span: 2 },
          {
            key: 'dutyPhones',
            label: t('fields.dutyPhones'),
            span: 2,
            children: (
              <Space orientation="vertical" size={0}>
                {profile.dutyPhones.map((d, i) => (
                  <Space key={i} size="small">
                    <Typography.Text type="secondary">{d.label}</Typography.Text>
                    <span>{d.number}</span>
                  </Space>
                ))}
              </Space>
            ),
          },
          { key: 'timeZone', label: t('fields.timeZone'), children: zone },
          { key: 'idleLockMinutes', label: t('fields.idleLockMinutes'), children: profile.idleLockMinutes },
          { key: 'hqUrl', label: t('fields.hqUrl'), children: profile.hqUrl ?? none, span: 2 },
        ]}
      />
    </>
  );
};

/** The notice-board card: pick the officer it names (or all of them) and open the print view. */
const ContactCardLauncher = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const card = useMethod(stationContactCard, {});
  const [officer, setOfficer] = useState<string | undefined>(undefined);
  const officers = card.data?.officers ?? [];
  const open = () => navigate(officer ? `/print/contact-card?officer=${encodeURIComponent(officer)}` : '/print/contact-card');
  return (
    <Card title={t('station.contactCard.title')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('station.contactCard.intro')}</Typography.Paragraph>
      {card.isSuccess && officers.length === 0 && (
        <Alert type="warning" showIcon title={t('station.contactCard.noOfficers')} style={{ marginBottom: 12 }} />
      )}
      <Space wrap>
        <label htmlFor="contact-card-officer">{t('station.contactCard.officer')}</label>
        <Select
          id="contact-card-officer"
          style={{ minWidth: 220 }}
          allowClear
          loading={card.isPending}
          value={officer}
          placeholder={t('station.contactCard.allOfficers')}
          onChange={(v: string | undefined) => setOfficer(v)}
          options={officers.map((o) => ({ value: o.id, label: o.name }))}
          data-testid="contact-card-officer"
        />
        <Button type="primary" icon={<PrinterOutlined />} onClick={open} data-testid="contact-card-open">
          {t('station.contactCard.open')}
        </Button>
      </Space>
    </Card>
  );
};

/** The station's profile: everyone may read it, the head edits it; and the contact card to print. */
export const StationSettingsPage = () => {
  const { t } = useTranslation();
  const can = useCan();
  const profile = useMethod(stationGet, {});
  const [formKey, setFormKey] = useState(0);
  const reload = () => {
    void profile.refetch().then(() => setFormKey((k) => k + 1));
  };

  let body: ReactNode;
  if (profile.isPending) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (profile.error) body = <Result status="error" title={errorText(t, profile.error)} />;
  else if (can(stationUpdate)) body = <ProfileForm key={formKey} profile={profile.data} onReload={reload} />;
  else body = <ProfileView profile={profile.data} />;

  return (
    <div style={{ maxWidth: 960 }}>
      <Card
        title={t('station.settings.title')}
        extra={profile.data ? <Tag>{profile.data.code}</Tag> : undefined}
      >
        {body}
      </Card>
      <ContactCardLauncher />
      <PrinterSettings />
      <CardReaderSettings />
    </div>
  );
};
