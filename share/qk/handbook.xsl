<?xml version="1.0" encoding="UTF-8"?>
<!--
  handbook.xsl: the citizens' handbook (便民服务手册) of the catalog in use,
  as one self-contained HTML page (no script, no outside resource), for the
  screen of a phone and for A5 booklets.  XSLT 1.0, run by xsltproc;
  scripts/qk-handbook is its front end.

  Parameters (all optional):
    site       the site code of a community's edition
    site-name  that site's name (from the roster); the cover shows it
               instead of the catalog's name
    findings   path of a <findings> document (qk-audit -&#45;catalog-only
               -f xml); claimed items with an error finding of the catalog
               rules are marked as to be corrected
    lang       left for later: accepted and ignored

  All text comes from the catalog and is escaped by the serializer; the
  plain words for codes (mode, online depth, delivery) are this file's.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

<xsl:output method="html" encoding="UTF-8" indent="yes"
    doctype-system="about:legacy-compat"/>

<xsl:param name="site" select="''"/>
<xsl:param name="site-name" select="''"/>
<xsl:param name="findings" select="''"/>
<xsl:param name="lang" select="''"/>

<xsl:key name="material" match="/catalog/material" use="@code"/>
<xsl:key name="dept" match="/catalog/dept" use="@code"/>
<xsl:key name="item" match="/catalog/item" use="@code"/>
<xsl:key name="claimed-by-dept" match="/catalog/item[not(@claimed = 'no')]"
    use="string(@dept)"/>

<!-- The rules whose error findings mark an item (rules.md, Catalog rules). -->
<xsl:variable name="catalog-rules"
    select="' guide-missing-field guide-vague limit-inconsistent ref-unknown prerequisite-invalid duplicate-code '"/>

<!-- document('') is this stylesheet, which holds no <findings>. -->
<xsl:variable name="findings-doc" select="document($findings)"/>

<xsl:variable name="materials" select="/catalog/material"/>

<xsl:variable name="errors"
    select="$findings-doc/findings/finding[@severity = 'error']
        [contains($catalog-rules, concat(' ', @rule, ' '))]"/>

<!-- White space beyond XPath's, which counts as missing too (rules.md). -->
<xsl:variable name="uws"
    select="'&#x85;&#xA0;&#x1680;&#x2000;&#x2001;&#x2002;&#x2003;&#x2004;&#x2005;&#x2006;&#x2007;&#x2008;&#x2009;&#x200A;&#x2028;&#x2029;&#x202F;&#x205F;&#x3000;'"/>

<xsl:variable name="claimed" select="/catalog/item[not(@claimed = 'no')]"/>

<!-- The departments in catalog order, each code once. -->
<xsl:variable name="depts"
    select="/catalog/dept[not(@code = preceding-sibling::dept/@code)]"/>

<!-- Claimed items whose department is no dept row. -->
<xsl:variable name="homeless"
    select="$claimed[not(key('dept', string(@dept)))]"/>

<xsl:variable name="title-name">
  <xsl:choose>
    <xsl:when test="normalize-space($site-name) != ''">
      <xsl:value-of select="$site-name"/>
    </xsl:when>
    <xsl:otherwise>
      <xsl:value-of select="/catalog/@name"/>
    </xsl:otherwise>
  </xsl:choose>
</xsl:variable>

<xsl:template match="/">
  <xsl:if test="not(catalog)">
    <xsl:message terminate="yes">handbook.xsl: the input is not a catalog (root &lt;<xsl:value-of select="name(*)"/>&gt;)</xsl:message>
  </xsl:if>
  <xsl:if test="catalog/@version != '1' or not(catalog/@version)">
    <xsl:message terminate="yes">handbook.xsl: catalog version '<xsl:value-of select="catalog/@version"/>' is not 1</xsl:message>
  </xsl:if>
  <xsl:if test="$findings != '' and not($findings-doc/findings)">
    <xsl:message terminate="yes">handbook.xsl: cannot read the findings '<xsl:value-of select="$findings"/>'</xsl:message>
  </xsl:if>
  <xsl:apply-templates select="catalog"/>
</xsl:template>

<xsl:template match="catalog">
  <html lang="zh-CN">
    <head>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta name="generator" content="qk handbook.xsl"/>
      <title>
        <xsl:value-of select="$title-name"/>
        <xsl:text> 便民服务手册</xsl:text>
        <xsl:if test="@edition != ''">
          <xsl:text>（</xsl:text>
          <xsl:value-of select="@edition"/>
          <xsl:text>）</xsl:text>
        </xsl:if>
      </title>
      <style>
        <xsl:call-template name="css"/>
      </style>
    </head>
    <body>
      <xsl:call-template name="cover"/>
      <xsl:call-template name="toc"/>
      <xsl:call-template name="notes"/>
      <xsl:for-each select="$depts[key('claimed-by-dept', @code)]">
        <div class="dept" id="{concat('d-', generate-id())}">
          <h2 class="dept-name"><xsl:value-of select="@name"/></h2>
          <xsl:apply-templates select="key('claimed-by-dept', @code)"/>
        </div>
      </xsl:for-each>
      <xsl:if test="$homeless">
        <div class="dept" id="d-none">
          <h2 class="dept-name">未载明实施部门的事项</h2>
          <xsl:apply-templates select="$homeless"/>
        </div>
      </xsl:if>
      <div class="colophon">
        <p>
          <xsl:text>本手册由事项目录</xsl:text>
          <xsl:if test="@edition != ''">
            <xsl:text>（</xsl:text>
            <xsl:value-of select="@edition"/>
            <xsl:text>版）</xsl:text>
          </xsl:if>
          <xsl:text>生成，与窗口受理所用目录一致。</xsl:text>
        </p>
      </div>
    </body>
  </html>
</xsl:template>

<!-- The cover: the site's name, the edition, how many items. -->
<xsl:template name="cover">
  <div class="cover">
    <p class="kicker">“全科政务”服务事项</p>
    <h1>便民服务手册</h1>
    <p class="site-name"><xsl:value-of select="$title-name"/></p>
    <xsl:if test="normalize-space($site-name) != '' and /catalog/@name != ''
        and $site-name != /catalog/@name">
      <p class="cover-line">
        <xsl:text>事项目录：</xsl:text>
        <xsl:value-of select="/catalog/@name"/>
      </p>
    </xsl:if>
    <xsl:if test="/catalog/@edition != ''">
      <p class="edition">
        <xsl:text>目录版本 </xsl:text>
        <xsl:value-of select="/catalog/@edition"/>
      </p>
    </xsl:if>
    <p class="cover-line">
      <xsl:text>共 </xsl:text>
      <xsl:value-of select="count($depts[key('claimed-by-dept', @code)])
          + number(boolean($homeless))"/>
      <xsl:text> 个部门、</xsl:text>
      <xsl:value-of select="count($claimed)"/>
      <xsl:text> 项服务事项</xsl:text>
    </p>
    <xsl:variable name="catalog-errors" select="$errors[not(@item)]"/>
    <xsl:if test="$catalog-errors">
      <div class="alert catalog-alert">
        <p class="alert-title">事项目录待更正</p>
        <ul>
          <xsl:for-each select="$catalog-errors">
            <li><xsl:apply-templates select="." mode="describe"/></li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
  </div>
</xsl:template>

<!-- The table of contents, by department. -->
<xsl:template name="toc">
  <div class="toc">
    <h2>目录</h2>
    <xsl:for-each select="$depts[key('claimed-by-dept', @code)]">
      <xsl:call-template name="toc-dept">
        <xsl:with-param name="id" select="concat('d-', generate-id())"/>
        <xsl:with-param name="name" select="@name"/>
        <xsl:with-param name="items" select="key('claimed-by-dept', @code)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:if test="$homeless">
      <xsl:call-template name="toc-dept">
        <xsl:with-param name="id" select="'d-none'"/>
        <xsl:with-param name="name" select="'未载明实施部门的事项'"/>
        <xsl:with-param name="items" select="$homeless"/>
      </xsl:call-template>
    </xsl:if>
  </div>
</xsl:template>

<xsl:template name="toc-dept">
  <xsl:param name="id"/>
  <xsl:param name="name"/>
  <xsl:param name="items"/>
  <div class="toc-dept">
    <h3>
      <a href="#{$id}"><xsl:value-of select="$name"/></a>
      <span class="count">
        <xsl:value-of select="count($items)"/>
        <xsl:text> 项</xsl:text>
      </span>
    </h3>
    <ol>
      <xsl:for-each select="$items">
        <li>
          <a href="#{concat('i-', generate-id())}">
            <xsl:value-of select="@name"/>
          </a>
          <xsl:text> </xsl:text>
          <span class="code"><xsl:value-of select="@code"/></span>
          <xsl:if test="@mode = 'immediate'">
            <xsl:text> </xsl:text>
            <span class="tag tag-now">即办</span>
          </xsl:if>
          <xsl:if test="$errors[@item = current()/@code]">
            <xsl:text> </xsl:text>
            <span class="tag tag-alert">待更正</span>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ol>
  </div>
</xsl:template>

<!-- How to read a guide: the words the guides use. -->
<xsl:template name="notes">
  <div class="notes">
    <h2>阅读说明</h2>
    <dl>
      <dt>即办件</dt>
      <dd>申请材料齐全、符合法定受理条件的，窗口当场办结。</dd>
      <dt>承诺件</dt>
      <dd>窗口受理后转部门办理，在承诺时限内办结；时限均以工作日计，不含法定节假日。</dd>
      <dt>关键材料</dt>
      <dd>缺少关键材料的，申请不予受理，窗口一次性告知需补正的全部材料。</dd>
      <dt>容缺受理</dt>
      <dd>注明“可容缺受理”的事项，缺少非关键材料时可先行受理，申请人在约定期限内补交。</dd>
      <dt>网上办理</dt>
      <dd>
        <xsl:text>各事项注明网上办理的程度，由浅到深为：</xsl:text>
        <ul class="depth">
          <li><xsl:call-template name="online-words"><xsl:with-param name="n" select="'0'"/></xsl:call-template></li>
          <li><xsl:call-template name="online-words"><xsl:with-param name="n" select="'1'"/></xsl:call-template></li>
          <li><xsl:call-template name="online-words"><xsl:with-param name="n" select="'2'"/></xsl:call-template></li>
          <li><xsl:call-template name="online-words"><xsl:with-param name="n" select="'3'"/></xsl:call-template></li>
          <li><xsl:call-template name="online-words"><xsl:with-param name="n" select="'4'"/></xsl:call-template></li>
        </ul>
      </dd>
      <dt>结果送达</dt>
      <dd>办理结果到窗口领取、邮寄送达或电子送达，各事项分别注明。</dd>
    </dl>
  </div>
</xsl:template>

<!-- One claimed item: its service guide. -->
<xsl:template match="item">
  <xsl:variable name="mine" select="$errors[@item = current()/@code]"/>
  <div id="{concat('i-', generate-id())}">
    <xsl:attribute name="class">
      <xsl:text>item</xsl:text>
      <xsl:if test="$mine"> flagged</xsl:if>
    </xsl:attribute>
    <h3 class="item-name">
      <span class="code"><xsl:value-of select="@code"/></span>
      <xsl:text> </xsl:text>
      <span class="name"><xsl:value-of select="@name"/></span>
    </h3>
    <xsl:if test="$mine">
      <div class="alert">
        <p class="alert-title">本事项办事指南待更正</p>
        <p>以下内容经核查与事项目录规则不符，以窗口工作人员告知为准：</p>
        <ul>
          <xsl:for-each select="$mine">
            <li><xsl:apply-templates select="." mode="describe"/></li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
    <p class="badges">
      <xsl:choose>
        <xsl:when test="@mode = 'immediate'"><span class="tag tag-now">即办件</span></xsl:when>
        <xsl:when test="@mode = 'promise'"><span class="tag">承诺件</span></xsl:when>
      </xsl:choose>
      <xsl:if test="normalize-space(@fee) != '' and number(@fee) = 0">
        <xsl:text> </xsl:text>
        <span class="tag">免费</span>
      </xsl:if>
      <xsl:if test="@online = '4' or @online = '04'">
        <xsl:text> </xsl:text>
        <span class="tag">全程网办</span>
      </xsl:if>
      <xsl:if test="@defer = 'yes'">
        <xsl:text> </xsl:text>
        <span class="tag">可容缺受理</span>
      </xsl:if>
    </p>
    <div class="facts">
      <div class="fact">
        <span class="label">实施部门</span>
        <span class="value">
          <xsl:call-template name="dept-name"/>
          <xsl:if test="@level != ''">
            <xsl:text>（</xsl:text>
            <xsl:call-template name="level-words"/>
            <xsl:text>）</xsl:text>
          </xsl:if>
        </span>
      </div>
      <div class="fact">
        <span class="label">办件类型</span>
        <span class="value"><xsl:call-template name="mode-words"/></span>
      </div>
      <div class="fact">
        <span class="label"><xsl:call-template name="flag"><xsl:with-param name="field" select="'legal'"/></xsl:call-template>法定办结时限</span>
        <span class="value"><xsl:call-template name="days"><xsl:with-param name="n" select="@legal"/></xsl:call-template></span>
      </div>
      <div class="fact">
        <span class="label"><xsl:call-template name="flag"><xsl:with-param name="field" select="'promised'"/></xsl:call-template>承诺办结时限</span>
        <span class="value">
          <xsl:choose>
            <xsl:when test="@mode = 'immediate' and normalize-space(@promised) != '' and number(@promised) = 0">当场办结</xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="days"><xsl:with-param name="n" select="@promised"/></xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:if test="translate(@extend, '0123456789', '') = '' and number(@extend) > 0">
            <span class="note">
              <xsl:text>（确需延长的可延长一次，不超过 </xsl:text>
              <xsl:value-of select="number(@extend)"/>
              <xsl:text> 个工作日）</xsl:text>
            </span>
          </xsl:if>
        </span>
      </div>
      <div class="fact">
        <span class="label"><xsl:call-template name="flag"><xsl:with-param name="field" select="'fee'"/></xsl:call-template>收费标准</span>
        <span class="value"><xsl:call-template name="fee-words"/></span>
      </div>
      <div class="fact">
        <span class="label">结果送达</span>
        <span class="value"><xsl:call-template name="delivery-words"/></span>
      </div>
      <div class="fact wide">
        <span class="label">网上办理</span>
        <span class="value">
          <xsl:call-template name="online-words">
            <xsl:with-param name="n" select="@online"/>
          </xsl:call-template>
        </span>
      </div>
      <xsl:if test="@after != ''">
        <div class="fact wide">
          <span class="label">前置事项</span>
          <span class="value"><xsl:call-template name="after-words"/></span>
        </div>
      </xsl:if>
    </div>

    <xsl:call-template name="text-field">
      <xsl:with-param name="field" select="'result'"/>
      <xsl:with-param name="label" select="'办理结果'"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="field" select="'conditions'"/>
      <xsl:with-param name="label" select="'申请条件'"/>
    </xsl:call-template>
    <xsl:call-template name="text-field">
      <xsl:with-param name="field" select="'basis'"/>
      <xsl:with-param name="label" select="'设定依据'"/>
    </xsl:call-template>

    <h4 class="field">
      <xsl:call-template name="flag"><xsl:with-param name="field" select="'material'"/></xsl:call-template>
      <xsl:text>申请材料</xsl:text>
    </h4>
    <xsl:choose>
      <xsl:when test="need">
        <table class="materials">
          <tr>
            <th class="m-no">序号</th>
            <th>材料名称</th>
            <th class="m-key">关键材料</th>
            <th class="m-form">原件/&#8203;复印件</th>
            <th class="m-copies">份数</th>
          </tr>
          <xsl:apply-templates select="need"/>
        </table>
        <xsl:if test="@defer = 'yes'">
          <p class="note">
            <xsl:text>本事项可容缺受理：缺少非关键材料的，可先行受理，申请人在受理后 </xsl:text>
            <xsl:choose>
              <xsl:when test="string(number(@defer-days)) != 'NaN'">
                <xsl:value-of select="number(@defer-days)"/>
              </xsl:when>
              <xsl:otherwise>5</xsl:otherwise>
            </xsl:choose>
            <xsl:text> 个工作日内补交。</xsl:text>
          </p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <p class="missing">（未载明）</p>
      </xsl:otherwise>
    </xsl:choose>

    <xsl:call-template name="text-field">
      <xsl:with-param name="field" select="'steps'"/>
      <xsl:with-param name="label" select="'办理流程'"/>
    </xsl:call-template>

    <div class="facts where">
      <xsl:call-template name="text-row">
        <xsl:with-param name="field" select="'place'"/>
        <xsl:with-param name="label" select="'办理地点'"/>
        <xsl:with-param name="class" select="'fact wide'"/>
      </xsl:call-template>
      <xsl:call-template name="text-row">
        <xsl:with-param name="field" select="'contact'"/>
        <xsl:with-param name="label" select="'咨询电话'"/>
      </xsl:call-template>
      <xsl:call-template name="text-row">
        <xsl:with-param name="field" select="'complaint'"/>
        <xsl:with-param name="label" select="'投诉电话'"/>
      </xsl:call-template>
    </div>
  </div>
</xsl:template>

<!-- One needed material: a row of the materials table. -->
<xsl:template match="need">
  <xsl:variable name="m" select="key('material', string(@material))[1]"/>
  <xsl:variable name="bad"
      select="$errors[@item = current()/../@code and @material = current()/@material]"/>
  <tr>
    <xsl:if test="$bad">
      <xsl:attribute name="class">flagged</xsl:attribute>
    </xsl:if>
    <td class="m-no"><xsl:value-of select="position()"/></td>
    <td>
      <xsl:if test="$bad"><span class="tag tag-alert">待更正</span><xsl:text> </xsl:text></xsl:if>
      <xsl:choose>
        <xsl:when test="$m/@name != ''">
          <xsl:value-of select="$m/@name"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="@material"/>
          <span class="missing">（目录未载明此材料）</span>
        </xsl:otherwise>
      </xsl:choose>
    </td>
    <td class="m-key">
      <xsl:choose>
        <xsl:when test="@key = 'yes'"><strong>是</strong></xsl:when>
        <xsl:otherwise>否</xsl:otherwise>
      </xsl:choose>
    </td>
    <td class="m-form">
      <xsl:choose>
        <xsl:when test="@original = 'yes'">原件</xsl:when>
        <xsl:otherwise>复印件</xsl:otherwise>
      </xsl:choose>
    </td>
    <td class="m-copies">
      <xsl:choose>
        <xsl:when test="normalize-space(@copies) != ''">
          <xsl:value-of select="@copies"/>
        </xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
      <xsl:text> 份</xsl:text>
    </td>
  </tr>
</xsl:template>

<!-- A text element of the guide under its heading; "未载明" when absent. -->
<xsl:template name="text-field">
  <xsl:param name="field"/>
  <xsl:param name="label"/>
  <xsl:variable name="e" select="*[name() = $field][1]"/>
  <h4 class="field">
    <xsl:call-template name="flag"><xsl:with-param name="field" select="$field"/></xsl:call-template>
    <xsl:value-of select="$label"/>
  </h4>
  <xsl:choose>
    <xsl:when test="normalize-space(translate($e, $uws, '')) = ''">
      <p class="missing">（未载明）</p>
    </xsl:when>
    <xsl:when test="$field = 'steps'">
      <ol class="steps">
        <xsl:call-template name="steps">
          <xsl:with-param name="s" select="normalize-space($e)"/>
        </xsl:call-template>
      </ol>
    </xsl:when>
    <xsl:otherwise>
      <p class="text"><xsl:value-of select="$e"/></p>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template name="text-row">
  <xsl:param name="field"/>
  <xsl:param name="label"/>
  <xsl:param name="class" select="'fact'"/>
  <xsl:variable name="e" select="*[name() = $field][1]"/>
  <div class="{$class}">
    <span class="label">
      <xsl:call-template name="flag"><xsl:with-param name="field" select="$field"/></xsl:call-template>
      <xsl:value-of select="$label"/>
    </span>
    <span class="value">
      <xsl:choose>
        <xsl:when test="normalize-space(translate($e, $uws, '')) = ''">
          <span class="missing">（未载明）</span>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$e"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </div>
</xsl:template>

<!-- The steps, split at 、 into a numbered flow. -->
<xsl:template name="steps">
  <xsl:param name="s"/>
  <xsl:choose>
    <xsl:when test="contains($s, '、')">
      <xsl:if test="normalize-space(substring-before($s, '、')) != ''">
        <li><xsl:value-of select="substring-before($s, '、')"/></li>
      </xsl:if>
      <xsl:call-template name="steps">
        <xsl:with-param name="s" select="substring-after($s, '、')"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:when test="normalize-space($s) != ''">
      <li><xsl:value-of select="$s"/></li>
    </xsl:when>
  </xsl:choose>
</xsl:template>

<!-- A "待更正" tag before a field's label when a finding names the field. -->
<xsl:template name="flag">
  <xsl:param name="field"/>
  <xsl:if test="$errors[@item = current()/@code and @field = $field]">
    <span class="tag tag-alert">待更正</span>
    <xsl:text> </xsl:text>
  </xsl:if>
</xsl:template>

<xsl:template name="dept-name">
  <xsl:variable name="d" select="key('dept', string(@dept))[1]"/>
  <xsl:choose>
    <xsl:when test="$d/@name != ''"><xsl:value-of select="$d/@name"/></xsl:when>
    <xsl:when test="@dept != ''">
      <xsl:value-of select="@dept"/>
      <span class="missing">（目录未载明此部门）</span>
    </xsl:when>
    <xsl:otherwise><span class="missing">（未载明）</span></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template name="level-words">
  <xsl:choose>
    <xsl:when test="@level = 'district'">区级实施</xsl:when>
    <xsl:when test="@level = 'subdistrict'">街道实施</xsl:when>
    <xsl:when test="@level = 'community'">社区实施</xsl:when>
    <xsl:otherwise><xsl:value-of select="@level"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template name="mode-words">
  <xsl:choose>
    <xsl:when test="@mode = 'immediate'">即办件：材料齐全、符合条件的，当场办结</xsl:when>
    <xsl:when test="@mode = 'promise'">承诺件：受理后在承诺时限内办结</xsl:when>
    <xsl:when test="normalize-space(@mode) = ''"><span class="missing">（未载明）</span></xsl:when>
    <xsl:otherwise><xsl:value-of select="@mode"/></xsl:otherwise>
  </xsl:choose>
  <xsl:if test="@window = 'yes'">；由全科窗口直接办理</xsl:if>
</xsl:template>

<!-- N 个工作日; the written value when it is not an integer. -->
<xsl:template name="days">
  <xsl:param name="n"/>
  <xsl:choose>
    <xsl:when test="normalize-space($n) = ''"><span class="missing">（未载明）</span></xsl:when>
    <xsl:when test="translate($n, '0123456789', '') = ''">
      <xsl:value-of select="number($n)"/>
      <xsl:text> 个工作日</xsl:text>
    </xsl:when>
    <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template name="fee-words">
  <xsl:choose>
    <xsl:when test="normalize-space(@fee) = ''"><span class="missing">（未载明）</span></xsl:when>
    <xsl:when test="number(@fee) = 0">免费</xsl:when>
    <xsl:when test="string(number(@fee)) != 'NaN'">
      <xsl:value-of select="normalize-space(@fee)"/>
      <xsl:text> 元</xsl:text>
    </xsl:when>
    <xsl:otherwise><xsl:value-of select="@fee"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- Online depth 0-4 (formats.md, Catalog: default 0). -->
<xsl:template name="online-words">
  <xsl:param name="n"/>
  <xsl:variable name="d">
    <xsl:choose>
      <xsl:when test="normalize-space($n) = ''">0</xsl:when>
      <xsl:when test="translate($n, '0123456789', '') = ''"><xsl:value-of select="number($n)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:choose>
    <xsl:when test="$d = '0'">不提供网上办理，请到窗口办理</xsl:when>
    <xsl:when test="$d = '1'">网上可查阅办事指南，请到窗口办理</xsl:when>
    <xsl:when test="$d = '2'">网上可预约、下载申请表格，请到窗口办理</xsl:when>
    <xsl:when test="$d = '3'">网上可提交申请和材料，最多到现场一次</xsl:when>
    <xsl:when test="$d = '4'">全程网上办理，无需到现场</xsl:when>
    <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- Delivery of the result (default window). -->
<xsl:template name="delivery-words">
  <xsl:choose>
    <xsl:when test="normalize-space(@delivery) = '' or @delivery = 'window'">到窗口领取</xsl:when>
    <xsl:when test="@delivery = 'post'">邮寄送达</xsl:when>
    <xsl:when test="@delivery = 'electronic'">电子送达，网上查看或下载</xsl:when>
    <xsl:otherwise><xsl:value-of select="@delivery"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- The prerequisite item, by name, linked when it is in the handbook. -->
<xsl:template name="after-words">
  <xsl:variable name="a" select="key('item', string(@after))[1]"/>
  <xsl:choose>
    <xsl:when test="$a and not($a/@claimed = 'no')">
      <a href="#{concat('i-', generate-id($a))}"><xsl:value-of select="$a/@name"/></a>
      <xsl:text>（</xsl:text>
      <xsl:value-of select="@after"/>
      <xsl:text>）</xsl:text>
    </xsl:when>
    <xsl:when test="$a">
      <xsl:value-of select="$a/@name"/>
      <xsl:text>（</xsl:text>
      <xsl:value-of select="@after"/>
      <xsl:text>，本中心暂未办理）</xsl:text>
    </xsl:when>
    <xsl:otherwise>
      <xsl:value-of select="@after"/>
      <span class="missing">（目录未载明此事项）</span>
    </xsl:otherwise>
  </xsl:choose>
  <span class="note">：与本事项一并申请的，前置事项办结通过后再办理本事项；前置事项未通过的，本事项不再办理。</span>
</xsl:template>

<!-- A finding in words: its label, then what it names. -->
<xsl:template match="finding" mode="describe">
  <xsl:choose>
    <xsl:when test="normalize-space(.) != ''"><xsl:value-of select="normalize-space(.)"/></xsl:when>
    <xsl:otherwise><xsl:value-of select="@rule"/></xsl:otherwise>
  </xsl:choose>
  <xsl:variable name="what">
    <xsl:if test="@field != ''">
      <xsl:call-template name="field-words">
        <xsl:with-param name="f" select="@field"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="@material != '' and @rule != 'duplicate-code'">
      <xsl:text>申请材料“</xsl:text>
      <xsl:choose>
        <xsl:when test="$materials[@code = current()/@material]/@name != ''">
          <xsl:value-of select="$materials[@code = current()/@material][1]/@name"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="@material"/></xsl:otherwise>
      </xsl:choose>
      <xsl:text>”</xsl:text>
    </xsl:if>
    <xsl:if test="@word != ''">
      <xsl:text>中有“</xsl:text>
      <xsl:value-of select="@word"/>
      <xsl:text>”</xsl:text>
    </xsl:if>
    <xsl:if test="@rule = 'ref-unknown' and @dept">
      <xsl:text>实施部门“</xsl:text>
      <xsl:value-of select="@dept"/>
      <xsl:text>”</xsl:text>
    </xsl:if>
    <xsl:if test="@rule = 'prerequisite-invalid'">
      <xsl:text>前置事项</xsl:text>
    </xsl:if>
    <xsl:if test="@rule = 'limit-inconsistent'">
      <xsl:text>办件类型、法定与承诺办结时限</xsl:text>
    </xsl:if>
    <xsl:if test="@rule = 'duplicate-code'">
      <xsl:choose>
        <xsl:when test="@item != ''">事项编码“<xsl:value-of select="@item"/>”</xsl:when>
        <xsl:when test="@dept != ''">部门编码“<xsl:value-of select="@dept"/>”</xsl:when>
        <xsl:when test="@material != ''">材料编码“<xsl:value-of select="@material"/>”</xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:variable>
  <xsl:if test="string($what) != ''">
    <xsl:text>：</xsl:text>
    <xsl:value-of select="$what"/>
  </xsl:if>
</xsl:template>

<xsl:template name="field-words">
  <xsl:param name="f"/>
  <xsl:choose>
    <xsl:when test="$f = 'basis'">设定依据</xsl:when>
    <xsl:when test="$f = 'conditions'">申请条件</xsl:when>
    <xsl:when test="$f = 'place'">办理地点</xsl:when>
    <xsl:when test="$f = 'contact'">咨询电话</xsl:when>
    <xsl:when test="$f = 'complaint'">投诉电话</xsl:when>
    <xsl:when test="$f = 'result'">办理结果</xsl:when>
    <xsl:when test="$f = 'steps'">办理流程</xsl:when>
    <xsl:when test="$f = 'fee'">收费标准</xsl:when>
    <xsl:when test="$f = 'legal'">法定办结时限</xsl:when>
    <xsl:when test="$f = 'promised'">承诺办结时限</xsl:when>
    <xsl:when test="$f = 'material'">申请材料</xsl:when>
    <xsl:otherwise><xsl:value-of select="$f"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- The style sheet: phone first, A5 booklet in print. -->
<xsl:template name="css">
<xsl:text>
:root { --ink: #1a1a1a; --muted: #595959; --line: #c9c9c9; --accent: #a3171b; --soft: #f6f1ea; --alert: #fff1f0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 46em; padding: 0 1em 2em; color: var(--ink); background: #fff;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Serif CJK SC", "SimSun", sans-serif;
  font-size: 1rem; line-height: 1.6; overflow-wrap: anywhere; }
a { color: inherit; }
h1, h2, h3, h4 { line-height: 1.3; }
.cover { text-align: center; padding: 3em 0 2em; border-bottom: 3px double var(--accent); }
.cover h1 { font-size: 2.4em; letter-spacing: .2em; margin: .3em 0; color: var(--accent); }
.kicker { margin: 0; color: var(--muted); letter-spacing: .1em; }
.site-name { font-size: 1.5em; font-weight: bold; margin: 1.2em 0 .4em; }
.edition, .cover-line { margin: .3em 0; color: var(--muted); }
.cover .alert { text-align: left; }
.toc h2, .notes h2 { border-bottom: 1px solid var(--line); padding-bottom: .2em; }
.toc-dept h3 { font-size: 1.1em; margin: .9em 0 .2em; }
.toc-dept h3 a { text-decoration: none; }
.toc ol { margin: 0; padding-left: 2.2em; }
.toc li { margin: .1em 0; }
.toc li a { text-decoration: none; }
.count { font-weight: normal; color: var(--muted); font-size: .85em; margin-left: .5em; }
.code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .85em; color: var(--muted); white-space: nowrap; }
.notes dl { margin: 0; }
.notes dt { font-weight: bold; margin-top: .5em; }
.notes dd { margin: 0 0 0 2em; }
.notes ul.depth { margin: .1em 0; padding-left: 1.4em; }
.dept-name { font-size: 1.4em; margin: 1.5em 0 .6em; padding: .15em .5em; color: #fff; background: var(--accent); }
.item { border: 1px solid var(--line); border-radius: 4px; padding: .5em .8em .7em; margin: 0 0 1.2em; }
.item.flagged { border: 2px solid var(--accent); }
.item-name { font-size: 1.2em; margin: .1em 0 .3em; }
.item-name .code { font-size: .7em; }
.badges { margin: 0 0 .4em; }
.tag { display: inline-block; font-size: .8em; line-height: 1.4; padding: 0 .45em; border: 1px solid var(--muted); border-radius: 3px; white-space: nowrap; }
.tag-now { border-color: #1d6b35; color: #1d6b35; }
.tag-alert { border-color: var(--accent); color: #fff; background: var(--accent); font-weight: bold; }
.alert { border: 2px solid var(--accent); background: var(--alert); padding: .3em .7em; margin: .3em 0 .6em; }
.alert-title { margin: 0; font-weight: bold; color: var(--accent); font-size: 1.1em; }
.alert p { margin: .1em 0; }
.alert ul { margin: .1em 0; padding-left: 1.4em; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(16em, 1fr)); border-top: 1px solid var(--line); margin: .3em 0; }
.fact { display: flex; border-bottom: 1px solid var(--line); }
.fact.wide { grid-column: 1 / -1; }
.fact .label { flex: 0 0 7.2em; padding: .15em .4em; background: var(--soft); font-weight: bold; }
.fact .value { flex: 1 1 auto; padding: .15em .5em; min-width: 0; }
.facts.where { margin-top: .6em; }
table { border-collapse: collapse; width: 100%; }
.materials th, .materials td { border: 1px solid var(--line); padding: .12em .4em; vertical-align: top; text-align: left; }
.materials th { background: var(--soft); white-space: nowrap; }
.materials .m-no, .materials .m-key, .materials .m-copies { text-align: center; white-space: nowrap; width: 3.2em; }
.materials .m-key { width: 4.6em; }
.materials .m-form { white-space: nowrap; width: 6em; }
.materials tr.flagged td { background: var(--alert); }
h4.field { font-size: 1em; margin: .55em 0 .1em; padding-left: .4em; border-left: 4px solid var(--accent); }
p.text { margin: 0; }
.note { color: var(--muted); font-size: .9em; }
p.note { margin: .2em 0 0; }
.missing { color: var(--accent); font-style: italic; }
ol.steps { margin: 0; padding: 0; list-style: none; counter-reset: step; }
ol.steps li { display: inline; counter-increment: step; }
ol.steps li::before { content: counter(step) ". "; color: var(--accent); font-weight: bold; }
ol.steps li + li::before { content: " → " counter(step) ". "; }
.colophon { margin-top: 2em; color: var(--muted); font-size: .85em; text-align: center; }
@media (max-width: 30em) {
  body { padding: 0 .6em 2em; }
  .item { padding: .5em .6em .7em; }
  .fact .label { flex-basis: 7.2em; font-size: .9em; }
  .materials { font-size: .92em; }
  .materials th, .materials th.m-key, .materials th.m-form { white-space: normal; }
  .materials .m-no { width: 1.8em; }
  .materials .m-key { width: 2.7em; }
  .materials .m-form { width: 3.9em; white-space: normal; }
  .materials .m-copies { width: 2.9em; }
  .materials th, .materials td { padding: .12em .25em; }
  .cover h1 { font-size: 2em; }
}
@page { size: A5; margin: 12mm 10mm 14mm; }
@page { @bottom-center { content: counter(page); font-size: 8pt; color: #595959; } }
@page :first { @bottom-center { content: none; } }
@media print {
  body { max-width: none; padding: 0; font-size: 8.8pt; line-height: 1.45; }
  a { text-decoration: none; }
  .cover { break-after: page; border-bottom: 0; padding-top: 35%; }
  .toc { break-after: page; }
  .toc-dept { break-inside: avoid; }
  .toc-dept h3 { margin-top: .6em; }
  .notes { break-after: page; }
  .dept { break-before: page; }
  .dept-name { margin-top: 0; break-after: avoid; }
  .item { break-inside: avoid; page-break-inside: avoid; border-radius: 0; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h3, h4 { break-after: avoid; }
  .colophon { break-before: avoid; }
}
</xsl:text>
</xsl:template>

</xsl:stylesheet>
